using TorchSharp;
using BossNas.Core.Components;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.ZeroCost.Proxies;

/// <summary>
/// SynFlow (Tanaka et al., NeurIPS'20; NASLib and zero-cost-nas <c>synflow.py</c>, the <c>bn=False</c> variant): every
/// parameter and buffer replaced by its absolute value, BatchNorm bypassed, the network in double precision fed one
/// all-ones image; R = Σ outputs, and the score is Σ |θ ⊙ ∂R/∂θ| over the convolution and linear weights. No data.
/// Reported as log(score) as NASLib's <c>ZeroCost</c> predictor does (same ranking; keeps deep networks' products readable).
/// </summary>
/// <remarks>
/// The reference restores the weights' signs afterwards because it scores a network it keeps; the network here is
/// built for the rating and disposed, so the signs are not restored.
/// </remarks>
[Component(ComponentKind.Evaluator, "synflow", Description = "zero-cost: SynFlow, log sum |weight x dR/dweight| of the absolute-valued network on an all-ones input (no data)")]
public sealed class SynflowEvaluator : DataFreeProxy
{
    /// <inheritdoc />
    public override double Score(nn.Module<Tensor, Tensor> network, ProxyBatch batch)
    {
        double sum = SynapticFlow(network, batch.Images.shape);
        return sum > 0 ? Math.Log(sum) : sum;
    }

    /// <summary>Σ |θ ⊙ ∂R/∂θ| (not logged) for an input of <paramref name="shape"/> (its batch size is ignored: one image).</summary>
    public static double SynapticFlow(nn.Module<Tensor, Tensor> network, long[] shape)
    {
        using var scope = NewDisposeScope();
        network.to(ScalarType.Float64);
        using (no_grad())
            foreach (var t in network.state_dict().Values)
                t.abs_();
        using var bypass = new ForwardHooks();
        foreach (var m in ModuleTree.All(network))
            if (m is BatchNorm1d or BatchNorm2d or BatchNorm3d)
                bypass.Add((nn.Module<Tensor, Tensor>)m, (_, x, _) => x.alias());
        var input = ones(new[] { 1L }.Concat(shape.Skip(1)).ToArray(), ScalarType.Float64, device: DeviceOf(network));
        var weights = WeightedLayers.Weights(network);
        var r = network.call(input).sum();
        var grads = WeightedLayers.Gradients(r, weights);
        return weights.Zip(grads, (w, g) => (w.detach() * g).abs().sum().item<double>()).Sum();
    }

    private static Device DeviceOf(nn.Module network) => network.parameters().First().device;
}
