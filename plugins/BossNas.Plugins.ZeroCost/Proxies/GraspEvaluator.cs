using BossNas.Core.Components;
using static TorchSharp.torch;

namespace BossNas.Plugins.ZeroCost.Proxies;

/// <summary>
/// GraSP (Wang et al., ICLR'20; NASLib <c>grasp.py</c>): Σ −θ ⊙ (H g) over the convolution and linear weights, g = ∂L/∂θ
/// and H the Hessian of L, L the cross-entropy of one minibatch (temperature 1, one iteration). H g is exact: the
/// gradient of gᵀ∇L (g held fixed) by double backward, as the reference (libtorch's <c>create_graph</c>).
/// </summary>
[Component(ComponentKind.Evaluator, "grasp", typeof(ProxyDataOptions),
    Description = "zero-cost: GraSP, sum of -weight x Hessian-gradient product on one minibatch")]
public sealed class GraspEvaluator(ProxyDataOptions options) : LabelledProxy(options)
{
    /// <inheritdoc />
    public override double Score(nn.Module<Tensor, Tensor> network, ProxyBatch batch)
    {
        using var scope = NewDisposeScope();
        var weights = WeightedLayers.Weights(network);
        // Pass 1: g, a constant. Pass 2: ∇L with its graph, so that ∂(gᵀ∇L)/∂θ = H g.
        var g = WeightedLayers.Gradients(WeightedLayers.Loss(network, batch), weights).Select(t => t.detach()).ToArray();
        var gradF = WeightedLayers.Gradients(WeightedLayers.Loss(network, batch), weights, createGraph: true);
        var z = g.Zip(gradF, (a, b) => (a * b).sum()).Aggregate((a, b) => a + b);
        var hg = WeightedLayers.Gradients(z, weights);
        return weights.Zip(hg, (w, h) => (-w.detach() * h).sum().to(ScalarType.Float64).item<double>()).Sum();
    }
}
