namespace BossNas.Engine.Correlation;

/// <summary>
/// Where the architectures rated best really stand (Ning et al., "Evaluating Efficient Performance Estimators of
/// Neural Architectures", NeurIPS'21: τ alone hides failures at the top). Of the k rated best, the best true rank
/// (BR@k) and the worst (WR@k); true ranks are 1-based among all <see cref="N"/> by accuracy, 1 the most accurate,
/// and architectures of equal accuracy share the best rank of their group.
/// </summary>
/// <param name="K">Architectures rated best that were looked at.</param>
/// <param name="Best">BR@k: the best true rank among them.</param>
/// <param name="Worst">WR@k: the worst true rank among them.</param>
/// <param name="N">Architectures in all.</param>
public sealed record TopRanks(int K, int Best, int Worst, int N)
{
    /// <summary>
    /// BR@k and WR@k of the top <paramref name="fraction"/> rated (k = max(1, round(fraction · n)), as
    /// <see cref="RankCorrelation.TopPrecision"/>). Higher <paramref name="score"/> is rated better unless
    /// <paramref name="lowerIsBetter"/>; ties in the score at the cut are broken by index.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, fewer than two pairs, or a value is NaN.</exception>
    public static TopRanks Of(IReadOnlyList<double> score, IReadOnlyList<double> truth, double fraction = 0.05, bool lowerIsBetter = false)
    {
        int n = RankCorrelation.Check(score, truth);
        if (fraction <= 0 || fraction > 1) throw new ArgumentOutOfRangeException(nameof(fraction), "the fraction is in (0, 1]");
        int k = Math.Max(1, (int)Math.Round(fraction * n, MidpointRounding.AwayFromZero));
        var sorted = truth.OrderByDescending(a => a).ToArray();
        // 1 + how many are strictly more accurate.
        int TrueRank(double accuracy) => 1 + CountAbove(sorted, accuracy);
        var ranks = Enumerable.Range(0, n).OrderBy(i => lowerIsBetter ? score[i] : -score[i]).ThenBy(i => i).Take(k)
            .Select(i => TrueRank(truth[i])).ToList();
        return new TopRanks(k, ranks.Min(), ranks.Max(), n);
    }

    /// <summary>As <c>best/worst of n</c>, e.g. <c>2/57 of 128</c>.</summary>
    public override string ToString() => $"{Best}/{Worst} of {N}";

    private static int CountAbove(double[] descending, double value)
    {
        int lo = 0, hi = descending.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (descending[mid] > value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
