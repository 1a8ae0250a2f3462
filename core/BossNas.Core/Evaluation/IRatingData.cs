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

    /// <summary>
    /// The same calibration images through the second view of the training pipeline (BossNAS's BatchNorm statistics
    /// come from it: momentum 1 keeps the last view forwarded).
    /// </summary>
    IReadOnlyList<Tensor> CalibrationSecondViews =>
        throw new NotSupportedException($"{GetType().Name} has no second views of its calibration images");
}
