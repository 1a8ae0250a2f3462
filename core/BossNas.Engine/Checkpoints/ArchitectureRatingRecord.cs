using BossNas.Core.Costs;

namespace BossNas.Engine.Checkpoints;

/// <summary>One whole-architecture rating as the run state keeps it.</summary>
/// <param name="Architecture">The architecture string.</param>
/// <param name="Score">Its score.</param>
/// <param name="MAdds">Its MAdds.</param>
/// <param name="Params">Its parameters.</param>
/// <param name="Costs">
/// The configured cost metrics other than MAdds and parameters, by name; null when the run records only those two
/// (so a run state of the default metrics is written as before).
/// </param>
internal sealed record ArchitectureRatingRecord(string Architecture, double Score, double MAdds, long Params,
    Dictionary<string, double>? Costs = null)
{
    /// <summary>The record of a rating with every configured metric's value (<paramref name="costs"/>, by name).</summary>
    public static ArchitectureRatingRecord Of(string architecture, double score, Core.Architectures.Cost cost, IReadOnlyDictionary<string, double> costs)
    {
        var others = costs.Where(c => c.Key is not (CostMetricNames.MAdds or CostMetricNames.Params)).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        return new ArchitectureRatingRecord(architecture, score, cost.MAdds, cost.Params, others.Count == 0 ? null : others);
    }

    /// <summary>The value of cost metric <paramref name="name"/>, or null when this record has none.</summary>
    public double? Value(string name) => name switch
    {
        CostMetricNames.MAdds => MAdds,
        CostMetricNames.Params => Params,
        _ => Costs is not null && Costs.TryGetValue(name, out var v) ? v : null,
    };

    /// <summary>The values of <paramref name="names"/>, by name (a metric this record lacks is left out).</summary>
    public Dictionary<string, double> Values(IEnumerable<string> names) =>
        names.Select(n => (n, v: Value(n))).Where(x => x.v is not null).ToDictionary(x => x.n, x => x.v!.Value, StringComparer.Ordinal);
}
