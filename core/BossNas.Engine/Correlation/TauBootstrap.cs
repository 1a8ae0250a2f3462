using BossNas.Core.Context;

namespace BossNas.Engine.Correlation;

/// <summary>
/// A percentile bootstrap interval for Kendall τ-b: the pairs are resampled with replacement, τ-b is computed on each
/// resample, and the interval is cut from the sorted values. With 128 architectures τ moves by ±0.1 from sampling alone,
/// so two ratings whose intervals overlap widely are not shown to differ.
/// </summary>
public static class TauBootstrap
{
    /// <summary>The default number of resamples.</summary>
    public const int DefaultResamples = 1000;

    /// <summary>
    /// The central <paramref name="level"/> interval of τ-b over <paramref name="resamples"/> resamples drawn from a
    /// generator seeded by <paramref name="seed"/> (the same inputs always give the same interval). Resamples whose τ is
    /// undefined (a constant sample) are left out.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, fewer than two pairs, or a value is NaN.</exception>
    public static (double Low, double High) Interval(IReadOnlyList<double> x, IReadOnlyList<double> y,
        int resamples = DefaultResamples, ulong seed = 0, double level = 0.95)
    {
        int n = RankCorrelation.Check(x, y);
        if (resamples < 2) throw new ArgumentOutOfRangeException(nameof(resamples), "at least two resamples");
        if (level is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(level), "the level is in (0, 1)");
        var rng = new SeededRandom(seed);
        var taus = new List<double>(resamples);
        var xs = new double[n];
        var ys = new double[n];
        for (int b = 0; b < resamples; b++)
        {
            for (int i = 0; i < n; i++)
            {
                int j = rng.Next(n);
                xs[i] = x[j];
                ys[i] = y[j];
            }
            double tau = RankCorrelation.KendallTauB(xs, ys);
            if (!double.IsNaN(tau)) taus.Add(tau);
        }
        if (taus.Count == 0) return (double.NaN, double.NaN);
        taus.Sort();
        double tail = (1 - level) / 2;
        return (SampleStats.Quantile(taus, tail), SampleStats.Quantile(taus, 1 - tail));
    }
}
