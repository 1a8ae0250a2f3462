using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Searching;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;

namespace BossNas.Plugins.Searchers;

/// <summary>
/// The random baseline: at each block stage's end it fixes a uniformly drawn candidate path of the block, ignoring
/// ratings, and draws the blocks no stage trained (whole-network strategies) when the search phase runs. Comparing it
/// with a real searcher on the same budget shows what rating buys.
/// </summary>
[Component(ComponentKind.Searcher, "random", typeof(RandomSearcherOptions),
    Description = "fixes a uniformly random candidate path per block (baseline)")]
public sealed class RandomBlockSearcher : ISearcher
{
    private readonly RandomSearcherOptions _options;

    /// <summary>Creates the searcher.</summary>
    public RandomBlockSearcher(RandomSearcherOptions options) => _options = options;

    /// <inheritdoc />
    public string? CheckCompatible(ISearchSpace space, ISupervisionStrategy? strategy, IEvaluator evaluator) =>
        _options.RateForReport && !evaluator.Scope.HasFlag(RatingScope.BlockPaths)
            ? $"rate_for_report rates block paths; {ComponentNames.Of(evaluator)} rates only whole architectures"
            : null;

    /// <summary>True: every block stage's end fixes that block's path.</summary>
    public bool FixesBlocks => true;

    /// <inheritdoc />
    public Architecture OnStageEnd(StageSpec stage, Architecture fixedPrefix, SearchContext context)
    {
        if (stage.Block is not int block || block != fixedPrefix.Blocks.Count) return fixedPrefix;
        var candidates = context.Space.CandidatePaths(block, fixedPrefix);
        if (_options.RateForReport) context.RateBlock(block, fixedPrefix, candidates);
        var pick = candidates[context.Run.Rng["search"].Next(candidates.Count)];
        return fixedPrefix.Append(pick);
    }

    /// <inheritdoc />
    public Architecture Search(Architecture fixedPrefix, SearchContext context)
    {
        var arch = fixedPrefix;
        var rng = context.Run.Rng["search"];
        for (int b = arch.Blocks.Count; b < context.Space.Blocks.Count; b++)
        {
            var candidates = context.Space.CandidatePaths(b, arch);
            arch = arch.Append(candidates[rng.Next(candidates.Count)]);
        }
        return arch;
    }
}
