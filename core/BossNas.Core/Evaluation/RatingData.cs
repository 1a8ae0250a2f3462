using BossNas.Core.Data;
using static TorchSharp.torch;

namespace BossNas.Core.Evaluation;

/// <summary>
/// Fixed data for rating candidates, made once per run so that every candidate sees identical inputs: cached
/// view pairs of the validation split, labelled validation batches, and one batch for BN recalibration.
/// </summary>
public interface IRatingData
{
    /// <summary>Cached two-view pairs of the validation images (the views of the training pipeline).</summary>
    IReadOnlyList<ViewPair> ViewBatches { get; }

    /// <summary>Validation batches of images (normalised, not augmented) and labels.</summary>
    IReadOnlyList<(Tensor Images, Tensor Labels)> LabelledBatches { get; }

    /// <summary>Batches from the training split used to recalibrate BatchNorm statistics per candidate.</summary>
    IReadOnlyList<Tensor> CalibrationBatches { get; }
}
