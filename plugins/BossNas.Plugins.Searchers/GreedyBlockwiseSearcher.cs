using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Searching;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;

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
}

/// <summary>
/// BossNAS's search: at the end of stage b it rates every candidate path of block b given the paths fixed for
/// blocks 0..b-1, and fixes the best one, so stage b+1 trains on top of it. Under a cost cap a candidate counts
/// only if the prefix, the candidate and the cheapest completion of the later blocks fit the cap.
/// </summary>
[Component(ComponentKind.Searcher, "greedy_blockwise", typeof(GreedyBlockwiseOptions),
    Description = "rates each block's candidates at its stage end and fixes the best (BossNAS)")]
public sealed class GreedyBlockwiseSearcher : ISearcher
{
    private readonly CostLimits _limits;

    /// <summary>Creates the searcher.</summary>
    public GreedyBlockwiseSearcher(GreedyBlockwiseOptions options) =>
        _limits = new CostLimits(options.MaxMadds > 0 ? options.MaxMadds : null,
            options.MaxParams > 0 ? (long)options.MaxParams : null);

    /// <inheritdoc />
    public (Architecture FixedPrefix, IReadOnlyList<Rating> Ratings) OnStageEnd(StageSpec stage, Architecture fixedPrefix,
        IEvaluator evaluator, EvaluationContext context)
    {
        if (stage.Block is not int block) return (fixedPrefix, Array.Empty<Rating>());
        var candidates = context.Space.CandidatePaths(block, fixedPrefix);
        var ratings = evaluator.RateBlock(block, fixedPrefix, candidates, context).ToList();
        bool unlimited = _limits.MaxMAdds is null && _limits.MaxParams is null;
        var best = Pick(ratings, evaluator.LowerIsBetter, r => unlimited ||
            _limits.Allows(CheapestCompletion.Of(context.Space, context.Input, fixedPrefix.Append(r.Path))));
        return (fixedPrefix.Append(best.Path), ratings);
    }

    /// <inheritdoc />
    public Architecture Finish(Architecture fixedPrefix, IEvaluator evaluator, EvaluationContext context)
    {
        if (fixedPrefix.Blocks.Count != context.Space.Blocks.Count)
            throw new InvalidOperationException(
                $"greedy_blockwise fixed {fixedPrefix.Blocks.Count} of {context.Space.Blocks.Count} blocks: " +
                "it needs a block-wise strategy with one stage per block");
        return fixedPrefix;
    }

    /// <summary>The best rating whose candidate passes <paramref name="allowed"/>.</summary>
    /// <exception cref="InvalidOperationException">No candidate fits.</exception>
    public static Rating Pick(IReadOnlyList<Rating> ratings, bool lowerIsBetter, Func<Rating, bool> allowed)
    {
        var ordered = lowerIsBetter ? ratings.OrderBy(r => r.Score) : ratings.OrderByDescending(r => r.Score);
        return ordered.FirstOrDefault(allowed)
               ?? throw new InvalidOperationException("no candidate of the block fits the cost limits");
    }
}
