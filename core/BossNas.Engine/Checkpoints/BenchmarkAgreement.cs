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
public sealed record BenchmarkAgreement(int N, double KendallTauB, double SpearmanRho, double PearsonR, double TopTenPrecision, double Seconds);
