namespace BossNas.Core.Costs;

/// <summary>Names of the built-in cost metrics, and the metrics a run records when its config names none.</summary>
public static class CostMetricNames
{
    /// <summary>Multiply-adds of one image (<see cref="MAddsMetric"/>).</summary>
    public const string MAdds = "madds";

    /// <summary>Parameters (<see cref="ParamsMetric"/>).</summary>
    public const string Params = "params";

    /// <summary>Latency of the stand-alone network measured on this machine, in milliseconds (the engine's metric).</summary>
    public const string LatencyMeasured = "latency_ms";

    /// <summary>Latency predicted by summing a per-layer table measured once per machine, in milliseconds (the engine's metric).</summary>
    public const string LatencyPredicted = "latency_predicted_ms";

    /// <summary>The default of <c>[pipeline] cost_metrics</c>: MAdds and parameters, the columns every rating file had.</summary>
    public static IReadOnlyList<string> Defaults { get; } = [MAdds, Params];
}
