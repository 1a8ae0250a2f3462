using BossNas.Core.Components;
using static TorchSharp.torch;

namespace BossNas.Plugins.ZeroCost.Proxies;

/// <summary>
/// NASLib's <c>plain</c> (<c>plain.py</c>): Σ θ ⊙ ∂L/∂θ over the convolution and linear weights, signed (SNIP without
/// the absolute value), L the cross-entropy of one minibatch.
/// </summary>
[Component(ComponentKind.Evaluator, "plain", typeof(ProxyDataOptions),
    Description = "zero-cost: sum of weight x loss gradient (signed) on one minibatch")]
public sealed class PlainEvaluator(ProxyDataOptions options) : LabelledProxy(options)
{
    /// <inheritdoc />
    public override double Score(nn.Module<Tensor, Tensor> network, ProxyBatch batch)
    {
        using var scope = NewDisposeScope();
        var weights = WeightedLayers.Weights(network);
        var grads = WeightedLayers.Gradients(WeightedLayers.Loss(network, batch), weights);
        return weights.Zip(grads, (w, g) => (w.detach() * g).sum().to(ScalarType.Float64).item<double>()).Sum();
    }
}
