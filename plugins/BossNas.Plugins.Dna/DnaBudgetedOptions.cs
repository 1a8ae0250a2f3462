using BossNas.Core.Components;

namespace BossNas.Plugins.Dna;

/// <summary>Options of <see cref="DnaBudgetedSearcher"/>.</summary>
public sealed class DnaBudgetedOptions
{
    /// <summary>Upper bound on the found architecture's MAdds (0 = none; the public code: 460M FLOPs).</summary>
    [Help("upper bound on MAdds of the found architecture (0 = none)")]
    [Range(0, 1e15)]
    public double MaxMadds { get; set; }

    /// <summary>Upper bound on the found architecture's parameters (0 = none).</summary>
    [Help("upper bound on parameters of the found architecture (0 = none)")]
    [Range(0, 1e15)]
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

    /// <summary>How many of the best combinations the report lists.</summary>
    [Help("best combinations written to dna_top.csv and the log")]
    [Range(1, 1000)]
    public int TopK { get; set; } = 5;

    /// <summary>Candidates rated per block: 0 = all of them; otherwise a uniform sample of this many distinct paths.</summary>
    [Help("candidate paths rated per block: 0 = every path, else a uniform sample of this many (blocks with very many paths)")]
    [Range(0, 1_000_000)]
    public int MaxPathsPerBlock { get; set; }
}
