using BossNas.Core.Components;
using static TorchSharp.torch;

namespace BossNas.Plugins.ZeroCost.Proxies;

/// <summary>
/// SNIP (Lee et al., ICLR'19; NASLib <c>snip.py</c>): the connection sensitivity Σ |θ ⊙ ∂L/∂θ| over the weights of every
/// convolution and linear layer, L the cross-entropy of one minibatch. NASLib takes the gradient of a ones mask
/// multiplying each weight, which is θ ⊙ ∂L/∂θ.
/// </summary>
[Component(ComponentKind.Evaluator, "snip", typeof(ProxyDataOptions),
    Description = "zero-cost: SNIP, sum of |weight x loss gradient| on one minibatch")]
public sealed class SnipEvaluator(ProxyDataOptions options) : LabelledProxy(options)
{
    /// <inheritdoc />
    public override double Score(nn.Module<Tensor, Tensor> network, ProxyBatch batch)
    {
        using var scope = NewDisposeScope();
        var weights = WeightedLayers.Weights(network);
        var grads = WeightedLayers.Gradients(WeightedLayers.Loss(network, batch), weights);
        return weights.Zip(grads, (w, g) => (w.detach() * g).abs().sum().to(ScalarType.Float64).item<double>()).Sum();
    }
}
