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
}
