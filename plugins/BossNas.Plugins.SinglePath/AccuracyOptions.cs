using BossNas.Core.Components;

namespace BossNas.Plugins.SinglePath;

/// <summary>Options of <see cref="AccuracyEvaluator"/>.</summary>
public sealed class AccuracyOptions : ISmokeProfile
{
    /// <summary>
    /// How the path's BN statistics are re-estimated before rating: <c>cumulative</c> (reset, then an exact average
    /// over the calibration batches: PyTorch momentum=None, as BigNAS/AttentiveNAS) or <c>momentum</c> (reset to mean 0,
    /// var 1, then running updates with <see cref="Momentum"/>, as SPOS's <c>tester.py</c>).
    /// </summary>
    [Help("BN recalibration per candidate: cumulative (reset, exact average over the batches; BigNAS) or momentum (reset, running updates; SPOS tester.py)")]
    [OneOf("cumulative", "momentum")]
    public string Calibration { get; set; } = "cumulative";

    /// <summary>Momentum of the running updates with <c>calibration = "momentum"</c> (SPOS: PyTorch's default 0.1).</summary>
    [Help("calibration = momentum: BN momentum of the running updates (SPOS: 0.1)")]
    [Range(0.0001, 1)]
    public double Momentum { get; set; } = 0.1;

    /// <summary>Calibration batches used per candidate (0 = every one the host provides, <c>[data] calibration_batches</c>).</summary>
    [Help("calibration batches per candidate (0 = all of [data] calibration_batches)")]
    [Range(0, 100000)]
    public int CalibrationBatches { get; set; }

    /// <summary>Validation batches used per candidate (0 = all of <c>[data] rating_images</c>).</summary>
    [Help("validation batches per candidate (0 = all of [data] rating_images)")]
    [Range(0, 100000)]
    public int ValidationBatches { get; set; }

    /// <summary>One calibration and one validation batch.</summary>
    public void UseSmokeProfile()
    {
        CalibrationBatches = 1;
        ValidationBatches = 1;
    }
}
