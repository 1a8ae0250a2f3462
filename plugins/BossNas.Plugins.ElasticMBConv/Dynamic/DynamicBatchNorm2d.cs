using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.ElasticMBConv.Dynamic;

/// <summary>
/// A BatchNorm of the largest width whose first c channels serve a c-channel child (BigNAS's dynamic BN). It wraps a
/// plain <see cref="BatchNorm2d"/> (so <c>BatchNormCalibration</c> and the conformance suite find it): the full width
/// runs that BN; a narrower input runs the functional batch norm on views of its first c entries, so in training mode only
/// those running statistics change. With momentum null (cumulative recalibration) the factor is
/// 1 / <c>num_batches_tracked</c>, as PyTorch's BN computes it.
/// </summary>
/// <remarks>
/// Core's <c>SlicedBatchNorm2d</c> slices the same way but is not a <see cref="NormBase"/> and has no cumulative mode, so
/// the host's recalibration would not reset it; hence this wrapper.
/// </remarks>
internal sealed class DynamicBatchNorm2d : nn.Module
{
    private readonly BatchNorm2d bn;

    public DynamicBatchNorm2d(int maxWidth, double momentum) : base(nameof(DynamicBatchNorm2d))
    {
        bn = nn.BatchNorm2d(maxWidth, momentum: momentum);
        RegisterComponents();
    }

    /// <summary>The wrapped max-width BN.</summary>
    public BatchNorm2d Norm => bn;

    public long MaxWidth => bn.weight!.shape[0];

    public Tensor Forward(Tensor x)
    {
        long c = x.shape[1];
        if (c > MaxWidth) throw new ArgumentException($"dynamic BN of width {MaxWidth} got {c} channels");
        if (c == MaxWidth) return bn.call(x);
        using var scope = NewDisposeScope();
        double momentum = 0;
        if (training)
        {
            using (no_grad()) bn.num_batches_tracked!.add_(1);
            momentum = bn.momentum ?? 1.0 / bn.num_batches_tracked!.item<long>();
        }
        var y = nn.functional.batch_norm(x, bn.running_mean!.narrow(0, 0, c), bn.running_var!.narrow(0, 0, c),
            bn.weight!.narrow(0, 0, c), bn.bias!.narrow(0, 0, c), training, momentum, bn.eps);
        return y.MoveToOuterDisposeScope();
    }
}
