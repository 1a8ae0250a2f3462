using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Core.Nn.Elastic;

/// <summary>
/// One BatchNorm of the largest width whose first c channels serve a c-channel path (BigNAS's and OFA's dynamic BN):
/// affine parameters and running statistics are sliced like <see cref="SlimmableConv2d"/>'s kernel, so every width
/// shares them. A space built from it declares <see cref="Spaces.WeightSharing.Sliced"/> BatchNorm (its children are
/// recalibrated before they are rated, since one set of statistics serves all widths).
/// </summary>
public sealed class SlicedBatchNorm2d : nn.Module
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor running_mean;
    private readonly Tensor running_var;
    private readonly double _momentum;
    private readonly double _eps;

    /// <summary>A BN of <paramref name="maxWidth"/> channels: γ = 1, β = 0, mean 0, variance 1 (PyTorch's defaults).</summary>
    public SlicedBatchNorm2d(int maxWidth, double momentum = 0.1, double eps = 1e-5) : base(nameof(SlicedBatchNorm2d))
    {
        weight = new Parameter(ones(maxWidth));
        bias = new Parameter(zeros(maxWidth));
        running_mean = zeros(maxWidth);
        running_var = ones(maxWidth);
        (_momentum, _eps) = (momentum, eps);
        RegisterComponents();
    }

    /// <summary>γ of every width (the first c entries serve width c).</summary>
    public Parameter Weight => weight;

    /// <summary>β of every width.</summary>
    public Parameter Bias => bias;

    /// <summary>Running mean of every width.</summary>
    public Tensor RunningMean => running_mean;

    /// <summary>Running variance of every width.</summary>
    public Tensor RunningVar => running_var;

    /// <summary>The largest width.</summary>
    public long MaxWidth => weight.shape[0];

    /// <summary>
    /// Normalises <paramref name="x"/> with the first <c>x.shape[1]</c> channels' parameters; in training mode it updates
    /// only those channels' running statistics.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> has more channels than the largest width.</exception>
    public Tensor Forward(Tensor x)
    {
        long c = x.shape[1];
        if (c > MaxWidth) throw new ArgumentException($"sliced BN of width {MaxWidth} got {c} channels");
        // narrow() gives views, so batch_norm's in-place update of the running statistics lands in the shared buffers;
        // the views themselves go with this scope.
        using var scope = NewDisposeScope();
        var y = nn.functional.batch_norm(x, running_mean.narrow(0, 0, c), running_var.narrow(0, 0, c), weight.narrow(0, 0, c),
            bias.narrow(0, 0, c), training, _momentum, _eps);
        return scope.MoveToOuter(y);
    }
}
