using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Spaces;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.ZeroCost.Proxies;

/// <summary>
/// Zen-score (Lin et al., ICCV'21, Zen-NAS's <c>compute_zen_score</c> as NASLib's <c>zen.py</c>): the network
/// re-initialised Gaussian (convolution and linear weights N(0, 1), biases 0, BatchNorm γ 1 and β 0), two Gaussian input
/// batches x and ε, and the feature map f before global average pooling; score = log(mean_n Σ |f(x) − f(x + γ·ε)|) +
/// Σ_BN log √(mean running variance). No data: the inputs are drawn from the architecture's seed.
/// </summary>
/// <remarks>
/// The BN correction reads the running variance the two training-mode forwards leave (momentum 0.1 from 1), as the
/// reference does, not the batch variance the paper writes. The feature map is the input of the network's last
/// <c>AdaptiveAvgPool2d</c>; a network without one gives the output of its last searched block
/// (<see cref="IStandaloneNetwork.ForwardFeatures"/>).
/// </remarks>
[Component(ComponentKind.Evaluator, "zen", typeof(ZenOptions),
    Description = "zero-cost: Zen-score, log feature change under input perturbation with BN scaling (Gaussian init and inputs, no data)")]
public sealed class ZenEvaluator(ZenOptions options) : NetworkProxy
{
    /// <inheritdoc />
    protected override ProxyBatch Batch(EvaluationContext context) =>
        ProxyBatch.ShapeOnly(context.Input, context.Run.Device);

    /// <summary>The Zen-score, drawing weights and inputs from libtorch's default generator.</summary>
    public override double Score(nn.Module<Tensor, Tensor> network, ProxyBatch batch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var shape = new[] { (long)options.Images }.Concat(batch.Images.shape.Skip(1)).ToArray();
        var device = batch.Images.device;
        double total = 0;
        for (int r = 0; r < options.Repeat; r++)
        {
            using var inner = NewDisposeScope();
            GaussianInit(network);
            var x = randn(shape, device: device);
            var noise = randn(shape, device: device);
            var f = PreGapFeatures(network, x);
            var fMix = PreGapFeatures(network, x + options.MixupGamma * noise);
            var change = (f - fMix).abs().to(ScalarType.Float64).sum(new long[] { 1, 2, 3 }).mean().item<double>();
            double logBn = ModuleTree.All(network).OfType<BatchNorm2d>()
                .Sum(bn => Math.Log(Math.Sqrt(bn.running_var!.to(ScalarType.Float64).mean().item<double>())));
            total += Math.Log(change) + logBn;
        }
        return total / options.Repeat;
    }

    /// <summary>Zen-NAS's <c>network_weight_gaussian_init</c>.</summary>
    public static void GaussianInit(nn.Module network)
    {
        using var noGrad = no_grad();
        foreach (var m in ModuleTree.All(network))
        {
            switch (m)
            {
                case Conv2d conv:
                    conv.weight!.normal_();
                    conv.bias?.zero_();
                    break;
                case BatchNorm2d bn when bn.weight is not null:
                    bn.weight.fill_(1);
                    bn.bias?.zero_();
                    break;
                case GroupNorm gn when gn.weight is not null:
                    gn.weight.fill_(1);
                    gn.bias?.zero_();
                    break;
                case Linear linear:
                    linear.weight!.normal_();
                    linear.bias?.zero_();
                    break;
            }
        }
    }

    /// <summary>The feature map the network's last global average pooling receives (see the remarks).</summary>
    public static Tensor PreGapFeatures(nn.Module<Tensor, Tensor> network, Tensor images)
    {
        var pools = ModuleTree.All(network).OfType<AdaptiveAvgPool2d>().ToList();
        if (pools.Count == 0)
            return network is IStandaloneNetwork standalone
                ? standalone.ForwardFeatures(images)
                : throw new InvalidOperationException("zen needs the feature map before global pooling: the network has no AdaptiveAvgPool2d and is no IStandaloneNetwork");
        Tensor? last = null;
        using (var hooks = new ForwardHooks())
        {
            foreach (var pool in pools)
                hooks.Add(pool, (_, x, y) =>
                {
                    last?.Dispose();
                    last = x.alias().DetachFromDisposeScope();
                    return y;
                });
            network.call(images);
        }
        // Back under the caller's scope.
        var features = last!.alias();
        last.Dispose();
        return features;
    }
}
