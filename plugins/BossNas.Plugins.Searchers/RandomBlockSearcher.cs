using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Searching;
using BossNas.Core.Supervision;

namespace BossNas.Plugins.Searchers;

/// <summary>Options of <see cref="RandomBlockSearcher"/>.</summary>
public sealed class RandomSearcherOptions
{
    /// <summary>Rate the chosen candidates anyway (for the report), at the cost of one rating pass per block.</summary>
    [Help("also rate each block's candidates (for the report); the choice stays random")]
    public bool RateForReport { get; set; }
}

/// <summary>
/// The random baseline of block-wise search: at each stage end it fixes a uniformly drawn candidate path of the
/// block, ignoring ratings. Comparing it with <c>greedy_blockwise</c> on the same budget shows what rating buys.
/// </summary>
[Component(ComponentKind.Searcher, "random", typeof(RandomSearcherOptions),
    Description = "fixes a uniformly random candidate path per block (baseline)")]
public sealed class RandomBlockSearcher : ISearcher
{
    private readonly RandomSearcherOptions _options;

    /// <summary>Creates the searcher.</summary>
    public RandomBlockSearcher(RandomSearcherOptions options) => _options = options;

    /// <inheritdoc />
    public (Architecture FixedPrefix, IReadOnlyList<Rating> Ratings) OnStageEnd(StageSpec stage, Architecture fixedPrefix,
        IEvaluator evaluator, EvaluationContext context)
    {
        if (stage.Block is not int block) return (fixedPrefix, Array.Empty<Rating>());
        var candidates = context.Space.CandidatePaths(block, fixedPrefix);
        var ratings = _options.RateForReport
            ? evaluator.RateBlock(block, fixedPrefix, candidates, context)
            : Array.Empty<Rating>();
        var pick = candidates[context.Run.Rng["search"].Next(candidates.Count)];
        return (fixedPrefix.Append(pick), ratings);
    }

    /// <inheritdoc />
    public Architecture Finish(Architecture fixedPrefix, IEvaluator evaluator, EvaluationContext context)
    {
        // Blocks that no stage trained (whole-network strategies) are drawn too.
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
