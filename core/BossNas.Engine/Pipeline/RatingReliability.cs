using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Correlation;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// How reproducible an evaluator's ratings are on one trained supernet: the same candidates rated a second time on
/// independent rating data, and Kendall τ-b / Spearman ρ between the two passes' scores. A rating whose passes agree
/// at τ near 0 chose by rating noise, however well its single pass happened to correlate with anything.
/// </summary>
internal static class RatingReliability
{
    /// <summary>
    /// Rates <paramref name="candidates"/> of <paramref name="block"/> behind <paramref name="prefix"/> in
    /// <paramref name="second"/> (the other pass's data) and compares with <paramref name="first"/>, in candidate order.
    /// </summary>
    public static BlockReliability OfBlock(IEvaluator evaluator, int block, Architecture prefix, IReadOnlyList<BlockPath> candidates,
        IReadOnlyList<Rating> first, EvaluationContext second)
    {
        if (first.Count != candidates.Count) throw new ArgumentException($"{first.Count} first-pass ratings for {candidates.Count} candidates", nameof(first));
        var again = evaluator.RateBlock(block, prefix, candidates, second);
        RatingChecks.Require(ComponentNames.Of(evaluator), candidates.Select(p => Candidate.OfBlock(block, prefix, p)).ToList(), again);
        var c = RankCorrelation.Compute(first.Select(r => r.Score).ToList(), again.Select(r => r.Score).ToList());
        return new BlockReliability(block, candidates.Count, c.KendallTauB, c.SpearmanRho);
    }
}
