using BossNas.Core.Data;
using BossNas.Core.Evaluation;
using static TorchSharp.torch;

namespace BossNas.Engine.Correlation;

/// <summary>
/// Rating data with no images: what a data-free evaluator (SynFlow, a cost) gets when it rates without a dataset. An
/// evaluator that reads data finds every list empty and fails with its own message.
/// </summary>
public sealed class NoRatingData : IRatingData
{
    /// <summary>The shared instance.</summary>
    public static NoRatingData Instance { get; } = new();

    /// <inheritdoc />
    public IReadOnlyList<ViewPair> ViewBatches => [];

    /// <inheritdoc />
    public IReadOnlyList<(Tensor Images, Tensor Labels)> LabelledBatches => [];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> CalibrationBatches => [];
}
