using BossNas.Core.Components;

namespace BossNas.Plugins.Searchers;

/// <summary>Options of <see cref="CoarseToFineSearcher"/>; defaults from BigNAS's search (200 mutations at p = 0.1).</summary>
public sealed class CoarseToFineOptions : ISmokeProfile
{
    /// <summary>Evenly spaced choices per layer group in the coarse grid (2: smallest and largest; 3 adds the middle).</summary>
    [Help("evenly spaced choices per layer group in the coarse grid (2: first and last of each layer's list; 3 adds the middle)")]
    [Range(2, 16)]
    public int Levels { get; set; } = 3;

    /// <summary>Upper bound on the coarse grid's size; a larger grid is refused when the config is checked.</summary>
    [Help("largest coarse grid allowed (architectures before the cost cap); a larger one is a config error")]
    [Range(1, 1000000)]
    public int MaxGrid { get; set; } = 4096;

    /// <summary>Mutants of the best architecture rated in the fine stage (BigNAS/XNAS: 200).</summary>
    [Help("mutants of the best architecture rated in the fine stage (BigNAS: 200)")]
    [Range(0, 1000000)]
    public int Mutations { get; set; } = 200;

    /// <summary>Probability that a mutant redraws each gene uniformly (BigNAS/XNAS: 0.1).</summary>
    [Help("per-gene probability that a mutant redraws the layer's choice uniformly (BigNAS: 0.1)")]
    [Range(0, 1)]
    public double MutationProbability { get; set; } = 0.1;

    /// <summary>Proposals per mutant before the fine stage ends early (every legal neighbour may have been rated).</summary>
    [Help("proposals per mutant before the fine stage ends early (no legal unrated mutant found)")]
    [Range(1, 1000000)]
    public int AttemptsPerMutant { get; set; } = 100;

    /// <summary>Ratings between checkpoints.</summary>
    [Help("ratings between checkpoints (the coarse grid is rated in chunks of this size)")]
    [Range(1, 1000000)]
    public int CheckpointEvery { get; set; } = 50;

    /// <summary>Upper bound on MAdds, checked before rating (0 = none).</summary>
    [Help("MAdds cap checked before rating, in the grid and for every mutant (0 = none)")]
    [Range(0, 1e18)]
    public double MaxMAdds { get; set; }

    /// <summary>Upper bound on parameters, checked before rating (0 = none).</summary>
    [Help("parameter cap checked before rating (0 = none)")]
    [Range(0, 1e18)]
    public double MaxParams { get; set; }

    /// <summary>Upper bound on latency in milliseconds on <see cref="LatencyMetric"/> (0 = none).</summary>
    [OmitWhenDefault]
    [Help("latency cap in ms (0 = none) on latency_metric, which [pipeline] cost_metrics must list")]
    [Range(0, 1e9)]
    public double MaxLatencyMs { get; set; }

    /// <summary>The cost metric <see cref="MaxLatencyMs"/> caps: the predicted latency (a table lookup) or the measured one.</summary>
    [OmitWhenDefault]
    [Help("the metric max_latency_ms caps: latency_predicted_ms (a table lookup per candidate) or latency_ms (each candidate run)")]
    public string LatencyMetric { get; set; } = BossNas.Core.Costs.CostMetricNames.LatencyPredicted;

    /// <summary>Two levels and 6 mutations.</summary>
    public void UseSmokeProfile()
    {
        Levels = 2;
        Mutations = 6;
        MutationProbability = 0.3;
        CheckpointEvery = 4;
    }
}
