using BossNas.Core.Components;
using static TorchSharp.torch;

namespace BossNas.Plugins.ZeroCost.Proxies;

/// <summary>
/// NASLib's and zero-cost-nas's <c>grad_norm</c>: Σ over convolution and linear layers of the Euclidean norm of the
/// weight's gradient ‖∂L/∂W‖₂, L the cross-entropy of one minibatch.
/// </summary>
[Component(ComponentKind.Evaluator, "grad_norm", typeof(ProxyDataOptions),
    Description = "zero-cost: sum over layers of the loss gradient's L2 norm on one minibatch")]
public sealed class GradNormEvaluator(ProxyDataOptions options) : LabelledProxy(options)
{
    /// <inheritdoc />
    public override double Score(nn.Module<Tensor, Tensor> network, ProxyBatch batch)
    {
        using var scope = NewDisposeScope();
        var weights = WeightedLayers.Weights(network);
        var grads = WeightedLayers.Gradients(WeightedLayers.Loss(network, batch), weights);
        return grads.Sum(g => g.to(ScalarType.Float64).norm().item<double>());
    }
}
