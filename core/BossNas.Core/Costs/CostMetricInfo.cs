namespace BossNas.Core.Costs;

/// <summary>What a searcher knows of one configured cost metric: its name, unit, direction and kind.</summary>
/// <param name="Name">The registered name (<c>madds</c>), the key of its value in <see cref="Evaluation.Rating.Costs"/>.</param>
/// <param name="Unit">The unit of its values.</param>
/// <param name="LowerIsBetter">Whether a lower value is cheaper.</param>
/// <param name="Kind">Counted, measured or predicted.</param>
public sealed record CostMetricInfo(string Name, string Unit, bool LowerIsBetter, CostKind Kind)
{
    /// <summary>The description of a metric registered as <paramref name="name"/>.</summary>
    public static CostMetricInfo Of(string name, ICostMetric metric) => new(name, metric.Unit, metric.LowerIsBetter, metric.Kind);

    /// <summary>The built-in metrics a run records by default: MAdds, then parameters.</summary>
    public static IReadOnlyList<CostMetricInfo> Defaults { get; } =
        [Of(CostMetricNames.MAdds, new MAddsMetric()), Of(CostMetricNames.Params, new ParamsMetric())];
}
