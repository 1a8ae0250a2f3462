using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Searching;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;

namespace BossNas.Plugins.Searchers;

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
        _limits = CostLimits.FromOptions(options.MaxMadds, options.MaxParams, options.MaxLatencyMs, options.LatencyMetric);

    /// <inheritdoc />
    public CostLimits Limits => _limits;

    /// <inheritdoc />
    public string? CheckCompatible(ISearchSpace space, ISupervisionStrategy? strategy, IEvaluator evaluator)
    {
        if (strategy is null) return "greedy_blockwise fixes blocks at the stage ends of supernet training; the run trains no supernet";
        var stages = strategy.PlanStages(space);
        if (stages.Any(s => s.Block is null))
            return $"greedy_blockwise needs a block-wise strategy; {ComponentNames.Of(strategy)} trains the whole network";
        var trained = stages.Select(s => s.Block!.Value).ToHashSet();
        if (!Enumerable.Range(0, space.Blocks.Count).All(trained.Contains))
            return $"greedy_blockwise fixes every block at its stage end, but {ComponentNames.Of(strategy)} has no stage for block(s) " +
                   string.Join(", ", Enumerable.Range(0, space.Blocks.Count).Where(b => !trained.Contains(b)));
        if (!evaluator.Scope.HasFlag(RatingScope.BlockPaths))
            return $"greedy_blockwise rates block paths; {ComponentNames.Of(evaluator)} rates only whole architectures";
        return null;
    }

    /// <summary>True: every block stage's end fixes that block's path.</summary>
    public bool FixesBlocks => true;

    /// <inheritdoc />
    public Architecture OnStageEnd(StageSpec stage, Architecture fixedPrefix, SearchContext context)
    {
        if (stage.Block is not int block || block != fixedPrefix.Blocks.Count) return fixedPrefix;
        var candidates = context.Space.CandidatePaths(block, fixedPrefix);
        var ratings = context.RateBlock(block, fixedPrefix, candidates);
        var best = Pick(ratings, context.LowerIsBetter, r => _limits.IsUnlimited || _limits.Allows(r.Cost!.Value, r.Costs!));
        return fixedPrefix.Append(best.Path!);
    }

    /// <inheritdoc />
    public Architecture Search(Architecture fixedPrefix, SearchContext context)
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
