using BossNas.Core.Architectures;

namespace BossNas.Core.Evaluation;

/// <summary>
/// Rates whole architectures as BossNAS's public code ranks them (its <c>ValNATSPathHook</c> and
/// <c>get_model_score_nats.py</c>): every path of block b is rated once, behind the prefix the search fixed
/// (<see cref="EvaluationContext.SearchedPrefix"/>), which is the only prefix block b ever trained behind, and an
/// architecture scores the sum of its paths' block scores. The stage-end ratings of the run are reused when they were
/// made on the same data (<see cref="EvaluationContext.StageRatings"/>), so nothing is rated twice.
/// </summary>
public static class SearchedPrefixSum
{
    /// <summary>How one block's scores enter the sum.</summary>
    public enum BlockScores
    {
        /// <summary>As rated (the public code).</summary>
        Raw,

        /// <summary>Standardised over the block's candidates (mean 0, standard deviation 1), so every block weighs alike.</summary>
        Standardised,
    }

    /// <summary>The summed block scores of each architecture, in candidate order.</summary>
    /// <exception cref="ArgumentException">An architecture is invalid, or has a path that is no candidate behind the searched prefix.</exception>
    /// <exception cref="InvalidOperationException">The search has not fixed the prefix a block needs.</exception>
    public static IReadOnlyList<Rating> Rate(IEvaluator evaluator, IReadOnlyList<Architecture> candidates, EvaluationContext context,
        BlockScores mode = BlockScores.Raw)
    {
        var space = context.Space;
        foreach (var architecture in candidates)
            if (space.Validate(architecture) is { } why)
                throw new ArgumentException($"cannot rate '{architecture}': {why}", nameof(candidates));
        var sums = new double[candidates.Count];
        for (int b = 0; b < space.Blocks.Count; b++)
        {
            var scores = BlockRatings(evaluator, b, context);
            if (mode == BlockScores.Standardised) scores = Standardise(scores);
            for (int i = 0; i < candidates.Count; i++)
            {
                var path = candidates[i].Blocks[b];
                if (!scores.TryGetValue(path, out var s))
                    throw new ArgumentException($"cannot rate '{candidates[i]}': its block {b} path {path} is not a candidate behind the " +
                                                $"searched prefix '{context.SearchedPrefix.Prefix(b)}', where block {b} was trained and rated",
                        nameof(candidates));
                sums[i] += s;
            }
        }
        return candidates.Select((a, i) => Rating.ForArchitecture(a, sums[i])).ToList();
    }

    /// <summary>
    /// Block <paramref name="block"/>'s scores behind the searched prefix: the stage-end ratings when the run made them,
    /// else every candidate path rated now (all of them: a block's scores may depend on the whole candidate set).
    /// </summary>
    public static Dictionary<BlockPath, double> BlockRatings(IEvaluator evaluator, int block, EvaluationContext context)
    {
        if (context.SearchedPrefix.Blocks.Count < block)
            throw new InvalidOperationException($"block {block} is rated behind the prefix the search fixed, but only " +
                                                $"{context.SearchedPrefix.Blocks.Count} block(s) are fixed ('{context.SearchedPrefix}')");
        var prefix = context.SearchedPrefix.Prefix(block);
        var stage = context.StageRatings.Where(r => r.Block == block && r.Candidate.Prefix.Equals(prefix)).ToList();
        var rated = stage.Count > 0 ? stage : evaluator.RateBlock(block, prefix, context.Space.CandidatePaths(block, prefix), context);
        var scores = new Dictionary<BlockPath, double>();
        // A block rated more than once behind one prefix: the last rating holds, as the public code keeps the last epoch's.
        foreach (var r in rated) scores[r.Path!] = r.Score;
        return scores;
    }

    private static Dictionary<BlockPath, double> Standardise(Dictionary<BlockPath, double> scores)
    {
        double mean = scores.Values.Average();
        double sd = Math.Sqrt(scores.Values.Sum(s => (s - mean) * (s - mean)) / scores.Count);
        return scores.ToDictionary(kv => kv.Key, kv => sd > 0 ? (kv.Value - mean) / sd : 0.0);
    }
}
