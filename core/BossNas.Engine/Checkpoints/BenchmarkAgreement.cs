using BossNas.Engine.Correlation;

namespace BossNas.Engine.Checkpoints;

/// <summary>
/// Agreement between a run's ratings of a benchmark's architectures (with the trained supernet) and their stand-alone
/// accuracies. Signs are in the evaluator's direction: +1 means the rating order is the accuracy order.
/// </summary>
/// <param name="N">Architectures rated.</param>
/// <param name="KendallTauB">Kendall τ-b.</param>
/// <param name="SpearmanRho">Spearman ρ.</param>
/// <param name="PearsonR">Pearson r.</param>
/// <param name="TopTenPrecision">Share of the 10 % rated best that are among the 10 % most accurate.</param>
/// <param name="Seconds">Time the rating took.</param>
/// <param name="WithinCostTau">
/// Mean Kendall τ-b within MAdds quartiles (architectures of similar cost): what a rating knows beyond size. Null for
/// runs made before it was measured.
/// </param>
/// <param name="Reliability">
/// Kendall τ-b between this rating and a second, independent rating pass of the same supernet
/// (<c>[pipeline] reliability</c>); null when no second pass ran.
/// </param>
/// <param name="TopFivePrecision">Share of the 5 % rated best that are among the 5 % most accurate; null for runs made before it was measured.</param>
/// <param name="TopFive">BR@5 % and WR@5 %: the best and worst true rank among the 5 % rated best; null likewise.</param>
/// <param name="TauLow">Lower end of τ-b's bootstrap 95 % interval; null likewise.</param>
/// <param name="TauHigh">Upper end of τ-b's bootstrap 95 % interval; null likewise.</param>
public sealed record BenchmarkAgreement(int N, double KendallTauB, double SpearmanRho, double PearsonR, double TopTenPrecision, double Seconds,
    double? WithinCostTau = null, double? Reliability = null, double? TopFivePrecision = null, TopRanks? TopFive = null,
    double? TauLow = null, double? TauHigh = null)
{
    /// <summary>
    /// Every figure of a rating against accuracies: <paramref name="oriented"/> is the rating with higher = rated better,
    /// <paramref name="madds"/> the architectures' MAdds (for τ within quartiles).
    /// </summary>
    public static BenchmarkAgreement Measure(IReadOnlyList<double> oriented, IReadOnlyList<double> accuracy, IReadOnlyList<double> madds,
        double seconds, double? reliability)
    {
        var c = RankCorrelation.Compute(oriented, accuracy);
        var (low, high) = TauBootstrap.Interval(oriented, accuracy);
        return new BenchmarkAgreement(c.N, c.KendallTauB, c.SpearmanRho, c.PearsonR, RankCorrelation.TopPrecision(oriented, accuracy), seconds,
            RankCorrelation.WithinBins(oriented, accuracy, madds), reliability, RankCorrelation.TopPrecision(oriented, accuracy, 0.05),
            TopRanks.Of(oriented, accuracy, 0.05), low, high);
    }
}
