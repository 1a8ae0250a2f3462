using BossNas.Core.Architectures;
using BossNas.Core.Evaluation;
using BossNas.Core.Spaces;
using BossNas.Engine.Costs;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// Fills the costs shown next to each block candidate's rating: those of the prefix + path completed by the cheapest
/// later blocks (see <see cref="CheapestCompletion"/>), the analytic pair and every configured metric.
/// </summary>
internal static class CandidateCost
{
    /// <summary>
    /// Ratings with their <see cref="Rating.Cost"/> filled in where the evaluator left it empty, and their
    /// <see cref="Rating.Costs"/> from <paramref name="metrics"/>.
    /// </summary>
    public static IReadOnlyList<Rating> Fill(ISearchSpace space, InputShape input, Architecture prefix, IReadOnlyList<Rating> ratings,
        CostMetricSet metrics) =>
        ratings.Select(r =>
        {
            var whole = CheapestCompletion.Complete(space, input, prefix.Append(r.Path!));
            var cost = r.Cost ?? space.Cost(whole, input);
            return r with { Cost = cost, Costs = metrics.Values(space, input, whole, cost) };
        }).ToList();
}
