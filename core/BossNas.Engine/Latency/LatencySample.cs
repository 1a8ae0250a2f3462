using System.Globalization;
using BossNas.Engine.Correlation;

namespace BossNas.Engine.Latency;

/// <summary>Timed forward passes of one network or layer: the median and the quartiles, in milliseconds.</summary>
/// <param name="MedianMs">The median of the timed runs.</param>
/// <param name="LowerQuartileMs">The 25th percentile.</param>
/// <param name="UpperQuartileMs">The 75th percentile.</param>
/// <param name="Runs">Timed runs (0 for a value that was not measured, e.g. a synthetic one).</param>
public sealed record LatencySample(double MedianMs, double LowerQuartileMs, double UpperQuartileMs, int Runs)
{
    /// <summary>The interquartile range: the spread a measurement is quoted with.</summary>
    public double IqrMs => UpperQuartileMs - LowerQuartileMs;

    /// <summary>The sample of timed runs <paramref name="ms"/> (at least one).</summary>
    public static LatencySample Of(IEnumerable<double> ms)
    {
        var sorted = ms.Order().ToList();
        if (sorted.Count == 0) throw new ArgumentException("no timed run", nameof(ms));
        return new(SampleStats.Quantile(sorted, 0.5), SampleStats.Quantile(sorted, 0.25), SampleStats.Quantile(sorted, 0.75), sorted.Count);
    }

    /// <summary>A value without spread (a synthetic timing, a sum of table entries).</summary>
    public static LatencySample Exact(double ms) => new(ms, ms, ms, 0);

    /// <summary>Readable form, e.g. <c>1.234 ms (IQR 0.050)</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{MedianMs:F3} ms (IQR {IqrMs:F3})");
}
