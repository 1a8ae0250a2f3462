using BossNas.Core.Evaluation;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// What the host checks of an evaluator's ratings before anything uses them: one rating per candidate, in candidate
/// order, each a finite number (a NaN would sort first and be chosen as best).
/// </summary>
internal static class RatingChecks
{
    /// <summary>Throws naming the evaluator, the candidate and its block when a rating is not usable.</summary>
    /// <exception cref="InvalidOperationException">A rating is missing, out of order, NaN or infinite.</exception>
    public static void Require(string evaluator, IReadOnlyList<Candidate> candidates, IReadOnlyList<Rating> ratings)
    {
        if (ratings.Count != candidates.Count || !ratings.Select(r => r.Candidate).SequenceEqual(candidates))
            throw new InvalidOperationException(
                $"evaluator '{evaluator}' returned {ratings.Count} ratings for {candidates.Count} candidates, or not in candidate order");
        foreach (var r in ratings.Where(r => !double.IsFinite(r.Score)))
        {
            string what = r.Block is int b ? $"block {b} path {r.Path} after '{r.Candidate.Prefix}'" : $"architecture {r.Candidate.Architecture}";
            throw new InvalidOperationException($"evaluator '{evaluator}' gave {what} the score {r.Score}; a rating must be a finite number");
        }
    }
}
