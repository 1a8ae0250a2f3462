using BossNas.Core.Components;

namespace BossNas.Plugins.Dna;

/// <summary>Options of <see cref="DnaLossEvaluator"/>.</summary>
public sealed class DnaLossOptions : ISmokeProfile
{
    /// <summary>Validation batches each candidate is scored on (the public code: 19); fewer when the rating data holds fewer.</summary>
    [Help("validation batches each candidate is scored on (public code: 19; capped by [data] rating_images)")]
    [Range(1, 100000)]
    public int RatingBatches { get; set; } = 19;

    /// <summary>
    /// Recalibrate the teacher's BatchNorm statistics on the calibration batch before rating, as the public code's
    /// <c>BN_Correction(teacher, reset_imgs)</c>; false keeps the statistics it learnt (restored after rating either way).
    /// </summary>
    [Help("recalibrate the teacher's BN statistics on the calibration batch before rating, as the public code (true)")]
    public bool TeacherBnCorrection { get; set; } = true;

    /// <summary>One rating batch.</summary>
    public void UseSmokeProfile() => RatingBatches = 1;
}
