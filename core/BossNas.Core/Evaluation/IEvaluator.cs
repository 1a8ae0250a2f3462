using BossNas.Core.Architectures;
using BossNas.Core.Run;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;

namespace BossNas.Core.Evaluation;

/// <summary>Everything an evaluator may use to rate candidates.</summary>
/// <param name="Space">The search space.</param>
/// <param name="Input">The input shape networks are built for (costs depend on it).</param>
/// <param name="Strategy">The strategy whose trained modules (supernet, heads) the ratings use.</param>
/// <param name="Data">The fixed rating data.</param>
/// <param name="Run">The run context.</param>
public sealed record EvaluationContext(ISearchSpace Space, InputShape Input, ISupervisionStrategy Strategy, IRatingData Data, RunContext Run);

/// <summary>
/// Rates candidates with the trained supernet: block paths given a fixed prefix (block-wise methods), from
/// which a searcher picks.
/// </summary>
public interface IEvaluator
{
    /// <summary>Whether a lower score is better (losses) or a higher one (accuracies).</summary>
    bool LowerIsBetter { get; }

    /// <summary>A reason why this evaluator cannot rate what <paramref name="strategy"/> trains, or null.</summary>
    string? CheckCompatible(ISupervisionStrategy strategy);

    /// <summary>
    /// Rates every path in <paramref name="candidates"/> for block <paramref name="block"/>, with the blocks
    /// before it fixed to <paramref name="prefix"/>. Returns one rating per candidate, in candidate order.
    /// </summary>
    IReadOnlyList<Rating> RateBlock(int block, Architecture prefix, IReadOnlyList<BlockPath> candidates,
        EvaluationContext context);
}
