namespace BossNas.Engine.Correlation;

/// <summary>Summary statistics of a sample, as the reports print them.</summary>
internal static class SampleStats
{
    /// <summary>The sample standard deviation (n − 1 in the denominator); NaN for fewer than two values.</summary>
    public static double Std(IReadOnlyCollection<double> xs)
    {
        if (xs.Count < 2) return double.NaN;
        double m = xs.Average();
        return Math.Sqrt(xs.Sum(x => (x - m) * (x - m)) / (xs.Count - 1));
    }

    /// <summary>The <paramref name="q"/>-quantile of an ascending sample, interpolating linearly between order statistics (NumPy's default).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        double pos = q * (sorted.Count - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
