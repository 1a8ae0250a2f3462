namespace BossNas.Core.Costs;

/// <summary>Names of the built-in cost metrics, and the metrics a run records when its config names none.</summary>
public static class CostMetricNames
{
    /// <summary>Multiply-adds of one image (<see cref="MAddsMetric"/>).</summary>
    public const string MAdds = "madds";

    /// <summary>Parameters (<see cref="ParamsMetric"/>).</summary>
    public const string Params = "params";

    /// <summary>The default of <c>[pipeline] cost_metrics</c>: MAdds and parameters, the columns every rating file had.</summary>
    public static IReadOnlyList<string> Defaults { get; } = [MAdds, Params];
}
