using System.Globalization;
using BossNas.Core.Architectures;
using BossNas.Core.Costs;

namespace BossNas.Core.Searching;

/// <summary>
/// Budget constraints on the searched architecture: bounds on MAdds and parameters (the analytic <see cref="Cost"/>),
/// and <see cref="Caps"/> on any other cost metric by its registered name (e.g. <c>latency_predicted_ms</c>).
/// </summary>
/// <param name="MaxMAdds">Upper bound on MAdds, or null.</param>
/// <param name="MaxParams">Upper bound on parameters, or null.</param>
public sealed record CostLimits(double? MaxMAdds, long? MaxParams)
{
    private static readonly IReadOnlyDictionary<string, double> NoCaps = new Dictionary<string, double>();

    /// <summary>No limits.</summary>
    public static CostLimits None { get; } = new(null, null);

    /// <summary>
    /// Upper bounds on cost metrics by registered name, beside <see cref="MaxMAdds"/> and <see cref="MaxParams"/>; the
    /// host requires each to be one of <c>[pipeline] cost_metrics</c>, so its value is at hand for every candidate.
    /// </summary>
    public IReadOnlyDictionary<string, double> Caps { get; init; } = NoCaps;

    /// <summary>True when no bound is set.</summary>
    public bool IsUnlimited => MaxMAdds is null && MaxParams is null && Caps.Count == 0;

    /// <summary>True when <paramref name="cost"/> is within the MAdds and parameter bounds (<see cref="Caps"/> are not looked at).</summary>
    public bool Allows(Cost cost) =>
        (MaxMAdds is null || cost.MAdds <= MaxMAdds) && (MaxParams is null || cost.Params <= MaxParams);

    /// <summary>True when <paramref name="cost"/> and the metric values <paramref name="costs"/> are within every bound.</summary>
    /// <exception cref="KeyNotFoundException">A capped metric is not in <paramref name="costs"/>.</exception>
    public bool Allows(Cost cost, IReadOnlyDictionary<string, double> costs) => Violation(cost, name => costs[name]) <= 0;

    /// <summary>True when the whole architecture <paramref name="architecture"/> is within every bound.</summary>
    public bool Allows(Architecture architecture, SearchContext context) => IsUnlimited || Violation(architecture, context) <= 0;

    /// <summary>
    /// How far over the bounds an architecture is: the sum over bounds of its relative excess (0 = within all of them),
    /// constrained domination's measure. <paramref name="metric"/> gives a capped metric's value; it is asked only for
    /// metrics with a cap.
    /// </summary>
    public double Violation(Cost cost, Func<string, double> metric)
    {
        double v = 0;
        if (MaxMAdds is { } madds && cost.MAdds > madds) v += (cost.MAdds - madds) / madds;
        if (MaxParams is { } p && cost.Params > p) v += (double)(cost.Params - p) / p;
        foreach (var (name, cap) in Caps)
        {
            double value = metric(name);
            if (value > cap) v += (value - cap) / cap;
        }
        return v;
    }

    /// <summary>The violation (<see cref="Violation(Cost, Func{string, double})"/>) of a whole architecture, its costs from <paramref name="context"/>.</summary>
    public double Violation(Architecture architecture, SearchContext context) =>
        Violation(context.Cost(architecture), name => context.CostOf(name, architecture));

    /// <summary>
    /// Limits from options where 0 means "no bound": MAdds, parameters, and a latency cap in milliseconds on
    /// <paramref name="latencyMetric"/> (by default the predicted latency: a table lookup per candidate, where the
    /// measured one runs the network).
    /// </summary>
    public static CostLimits FromOptions(double maxMAdds, double maxParams, double maxLatencyMs = 0,
        string latencyMetric = CostMetricNames.LatencyPredicted) =>
        new(maxMAdds > 0 ? maxMAdds : null, maxParams > 0 ? (long)maxParams : null)
        {
            Caps = maxLatencyMs > 0 ? new Dictionary<string, double>(StringComparer.Ordinal) { [latencyMetric] = maxLatencyMs } : NoCaps,
        };

    /// <summary>The bounds for a log line, e.g. <c>20.00M MAdds, latency_predicted_ms 2</c>; <c>none</c> without any.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (MaxMAdds is { } m) parts.Add($"{Cost.Human(m)} MAdds");
        if (MaxParams is { } p) parts.Add($"{Cost.Human(p)} params");
        parts.AddRange(Caps.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value:G4}")));
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }
}
