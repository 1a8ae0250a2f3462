using BossNas.Core.Components;

namespace BossNas.Engine.Latency;

/// <summary>Options of the predicted latency (<c>[cost_metric.latency_predicted_ms]</c>): how its table is timed and kept.</summary>
public sealed class PredictedLatencyOptions : LatencyOptions
{
    /// <summary>Whether the table is kept on disk (the per-machine cache) and read back by later processes.</summary>
    [Help("keep the layer table in the per-machine cache ($BOSSNAS_CACHE, $XDG_CACHE_HOME/bossnas or ~/.cache/bossnas, latency/) " +
          "and reuse it; false: build it in memory for this process")]
    public bool Cache { get; set; } = true;

    /// <summary>Architectures measured whole when the table is built, to fit the fixed overhead the layer sum misses.</summary>
    [Help("architectures (the smallest, the largest and seeded random ones) measured whole when the table is built: the " +
          "median of measured minus summed is the table's fixed overhead; 0 = none")]
    [Range(0, 1000)]
    public int Calibration { get; set; } = 5;

    /// <summary>The smoke profile also keeps the table in memory only and fits no overhead.</summary>
    public override void UseSmokeProfile()
    {
        base.UseSmokeProfile();
        Cache = false;
        Calibration = 0;
    }
}
