using BossNas.Core.Architectures;
using BossNas.Core.Evaluation;
using BossNas.Core.Spaces;

namespace BossNas.Engine.Pipeline;

/// <summary>Fills the cost shown next to each block candidate's rating (see <see cref="CheapestCompletion"/>).</summary>
internal static class CandidateCost
{
    /// <summary>Ratings with their <see cref="Rating.Cost"/> filled in where the evaluator left it empty.</summary>
    public static IReadOnlyList<Rating> Fill(ISearchSpace space, InputShape input, Architecture prefix, IReadOnlyList<Rating> ratings) =>
        ratings.Select(r => r.Cost is null ? r with { Cost = CheapestCompletion.Of(space, input, prefix.Append(r.Path!)) } : r).ToList();
}
