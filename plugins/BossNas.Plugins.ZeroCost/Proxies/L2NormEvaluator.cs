using BossNas.Core.Components;
using static TorchSharp.torch;

namespace BossNas.Plugins.ZeroCost.Proxies;

/// <summary>
/// NASLib's <c>l2_norm</c> (<c>l2_norm.py</c>): Σ over convolution and linear layers of the weight's Euclidean norm ‖W‖₂
/// at initialisation. No data.
/// </summary>
[Component(ComponentKind.Evaluator, "l2_norm", Description = "zero-cost: sum over layers of the initial weights' L2 norm (no data)")]
public sealed class L2NormEvaluator : DataFreeProxy
{
    /// <inheritdoc />
    public override double Score(nn.Module<Tensor, Tensor> network, ProxyBatch batch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return WeightedLayers.Weights(network).Sum(w => w.to(ScalarType.Float64).norm().item<double>());
    }
}
