using BossNas.Core.Architectures;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;

namespace BossNas.Core.Evaluation;

/// <summary>
/// Rates candidates with what the strategy trained: block paths given a fixed prefix (block-wise methods), whole
/// architectures (single-path methods), or both. <see cref="Scope"/> says which; the host checks it against the
/// searcher before anything is trained.
/// </summary>
/// <remarks>
/// A block-wise evaluator rates a whole architecture by combining its blocks' scores where its method does so
/// (BossNAS and DNA sum them: <see cref="BlockScoreSum"/>). The host fills in costs, rejects NaN or infinite scores,
/// and records every rating in the run folder; evaluators only compute scores.
/// </remarks>
public interface IEvaluator
{
    /// <summary>Whether a lower score is better (losses) or a higher one (accuracies).</summary>
    bool LowerIsBetter { get; }

    /// <summary>What this evaluator can rate.</summary>
    RatingScope Scope { get; }

    /// <summary>
    /// Whether ratings use a trained supernet (then the run needs a supervision strategy and the <c>supernet</c> phase);
    /// an evaluator that rates untrained networks or a table (a zero-cost proxy, an oracle) returns false and runs with
    /// <c>phases = ["search", ...]</c> and no <c>[supervision]</c>.
    /// </summary>
    bool NeedsSupernet => true;

    /// <summary>
    /// A reason why this evaluator cannot rate <paramref name="space"/> with what <paramref name="strategy"/> trains
    /// (null when the run has no strategy: only for an evaluator that does not <see cref="NeedsSupernet"/>), or null.
    /// Check for capabilities (<c>BossNas.Core.Supervision.Capabilities</c>), not for a strategy class. Checked by
    /// <c>bossnas validate</c> and before any tensor is allocated.
    /// </summary>
    string? CheckCompatible(ISearchSpace space, ISupervisionStrategy? strategy);

    /// <summary>
    /// Rates every path in <paramref name="candidates"/> for block <paramref name="block"/>, with the blocks
    /// before it fixed to <paramref name="prefix"/>. Returns one rating per candidate, in candidate order.
    /// </summary>
    /// <exception cref="NotSupportedException"><see cref="Scope"/> lacks <see cref="RatingScope.BlockPaths"/>.</exception>
    IReadOnlyList<Rating> RateBlock(int block, Architecture prefix, IReadOnlyList<BlockPath> candidates, EvaluationContext context) =>
        throw new NotSupportedException($"{GetType().Name} does not rate block paths");

    /// <summary>Rates whole architectures; one rating per candidate, in candidate order.</summary>
    /// <exception cref="NotSupportedException"><see cref="Scope"/> lacks <see cref="RatingScope.Architectures"/>.</exception>
    IReadOnlyList<Rating> RateArchitectures(IReadOnlyList<Architecture> candidates, EvaluationContext context) =>
        throw new NotSupportedException($"{GetType().Name} does not rate whole architectures");
}
