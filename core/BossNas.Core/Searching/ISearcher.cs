using BossNas.Core.Architectures;
using BossNas.Core.Evaluation;
using BossNas.Core.Supervision;

namespace BossNas.Core.Searching;

/// <summary>Budget constraints on the searched architecture.</summary>
/// <param name="MaxMAdds">Upper bound on MAdds, or null.</param>
/// <param name="MaxParams">Upper bound on parameters, or null.</param>
public sealed record CostLimits(double? MaxMAdds, long? MaxParams)
{
    /// <summary>True when <paramref name="cost"/> is within the limits.</summary>
    public bool Allows(Cost cost) =>
        (MaxMAdds is null || cost.MAdds <= MaxMAdds) && (MaxParams is null || cost.Params <= MaxParams);
}

/// <summary>
/// Turns ratings into an architecture. The pipeline calls <see cref="OnStageEnd"/> after each training stage,
/// so a greedy block-wise searcher rates and fixes block b before stage b+1 trains on top of it.
/// </summary>
public interface ISearcher
{
    /// <summary>
    /// Called after stage <paramref name="stage"/>; returns the fixed prefix the next stages train on (the input
    /// prefix when the searcher fixes nothing at this point). Ratings it made are returned for the report.
    /// </summary>
    (Architecture FixedPrefix, IReadOnlyList<Rating> Ratings) OnStageEnd(StageSpec stage, Architecture fixedPrefix,
        IEvaluator evaluator, EvaluationContext context);

    /// <summary>The final architecture after the last stage.</summary>
    Architecture Finish(Architecture fixedPrefix, IEvaluator evaluator, EvaluationContext context);
}
