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
public sealed record BenchmarkAgreement(int N, double KendallTauB, double SpearmanRho, double PearsonR, double TopTenPrecision, double Seconds,
    double? WithinCostTau = null, double? Reliability = null);
