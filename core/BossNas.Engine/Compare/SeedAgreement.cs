using BossNas.Engine.Correlation;
using BossNas.Engine.Pipeline;

namespace BossNas.Engine.Compare;

/// <summary>
/// How much an arm's rating depends on the seed its supernet was trained with: Kendall τ-b between two seeds' ratings
/// of the benchmark (their kept <c>ratings/benchmark.csv</c>), over the architectures both rated, averaged over every
/// pair of seeds. Beside the reliability (two rating passes of one supernet) it separates rating noise from the variance
/// of supernet training: a rating can repeat on one supernet and rank the benchmark differently on the next seed's.
/// </summary>
internal static class SeedAgreement
{
    /// <summary>The mean τ-b over pairs of <paramref name="runs"/> (one arm and budget); null with fewer than two rated runs.</summary>
    public static double? Of(IEnumerable<ArmResult> runs)
    {
        var ratings = runs.OrderBy(r => r.Seed).Select(r => BenchmarkRemeasure.KeptRatings(r.Folder))
            .Where(r => r is { Count: > 0 }).Select(r => r!.ToDictionary(x => x.Architecture, x => x.Score)).ToList();
        var taus = new List<double>();
        for (int a = 0; a < ratings.Count; a++)
            for (int b = a + 1; b < ratings.Count; b++)
            {
                // Raw scores: both seeds' are in the same evaluator's direction, so τ needs no orientation.
                var shared = ratings[a].Keys.Where(ratings[b].ContainsKey).ToList();
                if (shared.Count < 2) continue;
                double tau = RankCorrelation.KendallTauB(shared.Select(k => ratings[a][k]).ToList(), shared.Select(k => ratings[b][k]).ToList());
                if (double.IsFinite(tau)) taus.Add(tau);
            }
        return taus.Count > 0 ? taus.Average() : null;
    }
}
