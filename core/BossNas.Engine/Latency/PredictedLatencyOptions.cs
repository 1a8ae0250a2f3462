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

    /// <summary>Passes over all layers when the table is built; each layer's entry is its pass with the median median.</summary>
    [Help("passes over all layers when the table is built, interleaved; each layer keeps its pass with the median median, " +
          "so a burst of load from another process spoils one pass, not the entry")]
    [Range(1, 100)]
    public int Rounds { get; set; } = 3;

    /// <summary>The smoke profile also keeps the table in memory only, times one pass and fits no overhead.</summary>
    public override void UseSmokeProfile()
    {
        base.UseSmokeProfile();
        Cache = false;
        Calibration = 0;
        Rounds = 1;
    }
}
