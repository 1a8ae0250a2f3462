using BossNas.Core.Architectures;
using BossNas.Core.Costs;
using BossNas.Core.Evaluation;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;

namespace BossNas.Core.Searching;

/// <summary>
/// What a searcher works with, given by the host: the space, the run, and rating through the configured evaluator.
/// Every rating asked for here is costed, checked (a NaN or infinite score is an error naming the candidate), written
/// to the run folder's <c>ratings/</c> and <c>metrics.jsonl</c>, and remembered: a whole architecture rated once in a
/// run is not rated again, also after a resume.
/// </summary>
public abstract class SearchContext
{
    /// <summary>The search space.</summary>
    public abstract ISearchSpace Space { get; }

    /// <summary>The input shape costs are computed for.</summary>
    public abstract InputShape Input { get; }

    /// <summary>The strategy that trained the supernet (searchers may read its stage plan); null in a run without one.</summary>
    public abstract ISupervisionStrategy? Strategy { get; }

    /// <summary>The run context (random streams: use <c>Run.Rng["search"]</c>; logger; metrics).</summary>
    public abstract RunContext Run { get; }

    /// <summary>Whether the evaluator's lower scores are better.</summary>
    public abstract bool LowerIsBetter { get; }

    /// <summary>Rates candidate paths of <paramref name="block"/> after <paramref name="prefix"/>, costs filled in.</summary>
    public abstract IReadOnlyList<Rating> RateBlock(int block, Architecture prefix, IReadOnlyList<BlockPath> candidates);

    /// <summary>Rates whole architectures, costs filled in; architectures rated before in this run are not rated again.</summary>
    public abstract IReadOnlyList<Rating> RateArchitectures(IReadOnlyList<Architecture> candidates);

    /// <summary>
    /// Saves a checkpoint holding the searcher's state (<see cref="ISearcher.SaveState"/>) and every random stream.
    /// Call it at points from which the search can go on exactly, e.g. after each generation. When the user asked the
    /// run to stop, this does not return: the run ends here and resumes from this point.
    /// </summary>
    public abstract void Checkpoint();

    /// <summary>Writes a record to <c>metrics.jsonl</c> (e.g. kind "generation" with best and mean fitness).</summary>
    public void Record(string kind, IReadOnlyDictionary<string, object?> fields) => Run.Metrics.Write(kind, fields);

    /// <summary>Analytic cost of a whole architecture.</summary>
    public Cost Cost(Architecture architecture) => Space.Cost(architecture, Input);

    /// <summary>
    /// The cost metrics the run records (<c>[pipeline] cost_metrics</c>, by default MAdds and parameters), in order: the
    /// keys of <see cref="Rating.Costs"/> and the objectives a multi-objective searcher minimises beside the score.
    /// </summary>
    public virtual IReadOnlyList<CostMetricInfo> CostMetrics => CostMetricInfo.Defaults;

    /// <summary>The value of every metric of <see cref="CostMetrics"/> for a whole architecture, without rating it.</summary>
    public virtual IReadOnlyDictionary<string, double> Costs(Architecture architecture)
    {
        var cost = Cost(architecture);
        return new Dictionary<string, double> { [CostMetricNames.MAdds] = cost.MAdds, [CostMetricNames.Params] = cost.Params };
    }

    /// <summary>
    /// The value of one cost metric for a whole architecture, by registered name (a cap's check): MAdds and parameters
    /// from <see cref="Cost"/>, any other one of <see cref="CostMetrics"/> computed alone.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The run records no metric of that name.</exception>
    public virtual double CostOf(string metric, Architecture architecture) => metric switch
    {
        CostMetricNames.MAdds => Cost(architecture).MAdds,
        CostMetricNames.Params => Cost(architecture).Params,
        _ => Costs(architecture).TryGetValue(metric, out var v) ? v
            : throw new KeyNotFoundException($"the run records no cost metric '{metric}' ([pipeline] cost_metrics)"),
    };

    /// <summary>True when <paramref name="a"/>'s score is better than <paramref name="b"/>'s.</summary>
    public bool Better(double a, double b) => LowerIsBetter ? a < b : a > b;
}
