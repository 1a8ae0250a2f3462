using BossNas.Core.Architectures;

namespace BossNas.Core.Evaluation;

/// <summary>
/// Rates whole architectures with a block-wise evaluator, as BossNAS and DNA rank architectures: the score of an
/// architecture is the sum over blocks of its block path's score, each block rated among all candidate paths of that
/// block given the architecture's own earlier blocks. Blocks rated once for a prefix are not rated again.
/// </summary>
public static class BlockScoreSum
{
    /// <summary>The summed block scores of each architecture, in candidate order.</summary>
    public static IReadOnlyList<Rating> Rate(IEvaluator evaluator, IReadOnlyList<Architecture> candidates, EvaluationContext context)
    {
        var space = context.Space;
        var rated = new Dictionary<(int Block, Architecture Prefix), Dictionary<BlockPath, double>>();
        var result = new List<Rating>(candidates.Count);
        foreach (var architecture in candidates)
        {
            if (space.Validate(architecture) is { } why)
                throw new ArgumentException($"cannot rate '{architecture}': {why}", nameof(candidates));
            double sum = 0;
            for (int b = 0; b < architecture.Blocks.Count; b++)
            {
                var prefix = architecture.Prefix(b);
                if (!rated.TryGetValue((b, prefix), out var scores))
                {
                    var paths = space.CandidatePaths(b, prefix);
                    scores = evaluator.RateBlock(b, prefix, paths, context).ToDictionary(r => r.Path!, r => r.Score);
                    rated[(b, prefix)] = scores;
                }
                sum += scores[architecture.Blocks[b]];
            }
            result.Add(Rating.ForArchitecture(architecture, sum));
        }
        return result;
    }
}
