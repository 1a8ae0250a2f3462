using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Costs;
using BossNas.Core.Spaces;
using BossNas.Engine.Plugins;

namespace BossNas.Engine.Costs;

/// <summary>
/// The cost metrics a run records (<c>[pipeline] cost_metrics</c>), in config order: their descriptions for searchers
/// and files, and every metric's value for an architecture.
/// </summary>
public sealed class CostMetricSet
{
    private readonly IReadOnlyList<(string Name, ICostMetric Metric)> _metrics;

    private CostMetricSet(IReadOnlyList<(string Name, ICostMetric Metric)> metrics)
    {
        _metrics = metrics;
        Infos = metrics.Select(m => CostMetricInfo.Of(m.Name, m.Metric)).ToList();
    }

    /// <summary>MAdds and parameters, what a run records when its config names no metrics.</summary>
    public static CostMetricSet Defaults { get; } =
        new([(CostMetricNames.MAdds, new MAddsMetric()), (CostMetricNames.Params, new ParamsMetric())]);

    /// <summary>
    /// The metrics named <paramref name="names"/>, created by <paramref name="host"/> with their options from
    /// <paramref name="options"/> (<c>[cost_metric.&lt;name&gt;]</c>) or their defaults.
    /// </summary>
    /// <exception cref="KeyNotFoundException">A name is no registered cost metric.</exception>
    public static CostMetricSet Create(IEnumerable<string> names, PluginHost host, IReadOnlyDictionary<string, object>? options = null) =>
        new(names.Select(n => (n, options is not null && options.TryGetValue(n, out var o)
            ? host.Create<ICostMetric>(ComponentKind.CostMetric, n, o)
            : host.CreateDefault<ICostMetric>(ComponentKind.CostMetric, n))).ToList());

    /// <summary>How many metrics there are.</summary>
    public int Count => _metrics.Count;

    /// <summary>The set of the one metric named <paramref name="name"/> (a plot of the score against it alone).</summary>
    /// <exception cref="InvalidOperationException">No metric of this set has that name.</exception>
    public CostMetricSet Only(string name) => new([_metrics.Single(m => m.Name == name)]);

    /// <summary>The metrics (name, unit, direction, kind), in order.</summary>
    public IReadOnlyList<CostMetricInfo> Infos { get; }

    /// <summary>The metrics' names, in order: the cost columns of the rating files.</summary>
    public IReadOnlyList<string> Names => Infos.Select(i => i.Name).ToList();

    /// <summary>Reasons why a metric cannot be computed for <paramref name="space"/>, each naming the metric.</summary>
    public IEnumerable<string> Problems(ISearchSpace space) =>
        _metrics.Select(m => m.Metric.CheckCompatible(space) is { } why ? $"cost metric '{m.Name}': {why}" : null).OfType<string>();

    /// <summary>The metric named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No metric of this set has that name.</exception>
    public ICostMetric this[string name] =>
        _metrics.FirstOrDefault(m => m.Name == name).Metric ?? throw new KeyNotFoundException($"the run records no cost metric '{name}' ([pipeline] cost_metrics)");

    /// <summary>The metric <paramref name="name"/> of <paramref name="architecture"/> alone (a cap's check).</summary>
    /// <exception cref="KeyNotFoundException">No metric of this set has that name.</exception>
    public double Value(string name, ISearchSpace space, InputShape input, Architecture architecture) =>
        this[name] is var metric && metric.FromCost(space.Cost(architecture, input)) is { } v ? v : metric.Compute(space, architecture, input);

    /// <summary>
    /// Every metric of <paramref name="architecture"/> (whole), by name; a metric that an analytic cost at hand already
    /// holds (<see cref="ICostMetric.FromCost"/>) takes it from <paramref name="known"/>.
    /// </summary>
    public Dictionary<string, double> Values(ISearchSpace space, InputShape input, Architecture architecture, Cost? known = null)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, metric) in _metrics)
            values[name] = known is { } cost && metric.FromCost(cost) is { } v ? v : metric.Compute(space, architecture, input);
        return values;
    }
}
