using BossNas.Core.Components;

namespace BossNas.Plugins.Searchers;

/// <summary>Options of <see cref="GreedyBlockwiseSearcher"/>.</summary>
public sealed class GreedyBlockwiseOptions
{
    /// <summary>Upper bound on the final architecture's MAdds (0 = none).</summary>
    [Help("upper bound on MAdds of the final architecture (0 = none)")]
    [Range(0, 1e15)]
    public double MaxMadds { get; set; }

    /// <summary>Upper bound on the final architecture's parameters (0 = none).</summary>
    [Help("upper bound on parameters of the final architecture (0 = none)")]
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
}
