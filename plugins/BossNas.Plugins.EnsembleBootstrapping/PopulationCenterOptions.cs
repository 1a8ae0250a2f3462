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
    /// (the training ensemble's form) — bossnas.md §3.10c / §8.4.
    /// </summary>
    [Help("center of raw target projections (BossNAS's rating code) or of L2-normalised ones (as the training ensemble)")]
    [OneOf("raw", "normalized")]
    public string Center { get; set; } = "raw";
}
