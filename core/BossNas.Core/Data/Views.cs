using static TorchSharp.torch;

namespace BossNas.Core.Data;

/// <summary>What a training stage asks the data pipeline for in every batch.</summary>
/// <param name="Pairs">Number of two-view pairs per image (0 for plain supervised batches).</param>
/// <param name="Pipeline">
/// The name of the view pipeline that makes the pairs: a registered <see cref="IViewPipeline"/> such as
/// <see cref="ViewPipelineNames.Byol"/> or one a plugin adds.
/// </param>
public sealed record ViewRequest(int Pairs, string Pipeline)
{
    /// <summary>Plain supervised batches.</summary>
    public static ViewRequest Supervised { get; } = new(0, ViewPipelineNames.Supervised);
}

/// <summary>Two augmented views of the same images.</summary>
/// <param name="View1">First view, normalised, [B,C,H,W].</param>
/// <param name="View2">Second view, normalised, [B,C,H,W].</param>
public sealed record ViewPair(Tensor View1, Tensor View2) : IDisposable
{
    /// <inheritdoc />
    public void Dispose()
    {
        View1.Dispose();
        View2.Dispose();
    }
}

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
