using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Nn;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.EnsembleBootstrapping;

/// <summary>Options of <see cref="PopulationCenterEvaluator"/>.</summary>
public sealed class PopulationCenterOptions
{
    /// <summary>Calibration batches forwarded to recalibrate BatchNorm for each candidate.</summary>
    [Help("calibration batches used to recalibrate BatchNorm per candidate")]
    [Range(1, 100000)]
    public int CalibrationBatches { get; set; } = 1;

    /// <summary>Cached view batches rated per candidate (0 = all of them).</summary>
    [Help("cached view batches each candidate is rated on (0 = all)")]
    [Range(0, 100000)]
    public int RatingBatches { get; set; }

    /// <summary>Memory for keeping the fixed prefix's features across candidates, in MiB.</summary>
    [Help("MiB for keeping prefix features across candidates (beyond it they are recomputed)")]
    [Range(0, 1048576)]
    public int PrefixCacheMb { get; set; } = 1024;

    /// <summary>
    /// How the population center averages target projections: raw (the public code's rating) or L2-normalised
    /// (the training ensemble's form)
    /// </summary>
    [Help("center of raw target projections (BossNAS's rating code) or of L2-normalised ones (as the training ensemble)")]
    [OneOf("raw", "normalized")]
    public string Center { get; set; } = "raw";

    /// <summary>
    /// BatchNorm statistics of the predictor: reset to mean 0 / variance 1 and never calibrated, as the public code
    /// (its calibration forward does not run the predictor), or calibrated with the rest.
    /// </summary>
    [Help("predictor BN during rating: reset (mean 0 / var 1, the public code: its calibration never runs the predictor) or calibrated")]
    [OneOf("reset", "calibrated")]
    public string PredictorBn { get; set; } = "reset";

    /// <summary>Input of the online block: the target prefix's features (the public code) or the online prefix's.</summary>
    [Help("input of the online block: target_prefix (the public code feeds it the target prefix's features) or online_prefix")]
    [OneOf("target_prefix", "online_prefix")]
    public string OnlineInput { get; set; } = "target_prefix";

    /// <summary>The view of the calibration images whose statistics BatchNorm keeps: the second (the public code) or the first.</summary>
    [Help("view of the calibration images BN statistics come from: 2 (the public code: momentum 1 keeps the last view forwarded) or 1")]
    [Range(1, 2)]
    public int CalibrationView { get; set; } = 2;

    /// <summary>
    /// How BatchNorm statistics combine several calibration batches: momentum 1 keeps the last batch's (the public
    /// code), cumulative averages them; equal for one batch.
    /// </summary>
    [Help("BN statistics over several calibration batches: last_batch (momentum 1, the public code) or cumulative (average)")]
    [OneOf("last_batch", "cumulative")]
    public string BnAverage { get; set; } = "last_batch";

    /// <summary>
    /// Which earlier blocks a whole architecture's block b is rated behind: the prefix the search fixed, where block b
    /// trained (the public code: each block's stage-end rating, summed), or the architecture's own earlier blocks.
    /// </summary>
    [Help("whole architectures: searched (the public code: each block's stage-end rating behind the searched prefix, summed) or own (block b behind the architecture's own earlier blocks)")]
    [OneOf("searched", "own")]
    public string ArchitecturePrefix { get; set; } = "searched";

    /// <summary>How block scores enter a whole architecture's sum: as rated (the public code) or standardised per block.</summary>
    [Help("block scores summed for whole architectures: raw (the public code) or standardised (mean 0, sd 1 over each block's candidates)")]
    [OneOf("raw", "standardised")]
    public string BlockScores { get; set; } = "raw";
}
