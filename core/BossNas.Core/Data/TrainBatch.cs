using static TorchSharp.torch;

namespace BossNas.Core.Data;

/// <summary>
/// One training batch: the images (augmented for supervised training, normalised), their labels, and the view
/// pairs a self-supervised stage asked for. The trainer disposes it after the step.
/// </summary>
public sealed class TrainBatch : IDisposable
{
    /// <summary>Creates a batch.</summary>
    public TrainBatch(Tensor images, Tensor labels, IReadOnlyList<ViewPair> pairs)
    {
        Images = images;
        Labels = labels;
        Pairs = pairs;
    }

    /// <summary>Images [B,C,H,W], normalised.</summary>
    public Tensor Images { get; }

    /// <summary>Class labels [B], int64.</summary>
    public Tensor Labels { get; }

    /// <summary>The view pairs (empty for supervised stages).</summary>
    public IReadOnlyList<ViewPair> Pairs { get; }

    /// <summary>Number of images.</summary>
    public long Size => Images.shape[0];

    /// <inheritdoc />
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
        foreach (var p in Pairs) p.Dispose();
    }
}
