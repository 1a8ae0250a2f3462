using BossNas.Core.Data;
using BossNas.Core.Evaluation;
using static TorchSharp.torch;

namespace BossNas.Plugins.Dna.Tests;

/// <summary>Rating data made of given image batches (labels all 0) and one calibration batch.</summary>
internal sealed class FixedRatingData(IReadOnlyList<Tensor> batches, Tensor calibration) : IRatingData
{
    public IReadOnlyList<ViewPair> ViewBatches { get; } = Array.Empty<ViewPair>();

    public IReadOnlyList<(Tensor Images, Tensor Labels)> LabelledBatches { get; } =
        batches.Select(b => (b, zeros(b.shape[0], dtype: ScalarType.Int64))).ToList();

    public IReadOnlyList<Tensor> CalibrationBatches { get; } = new[] { calibration };
}
