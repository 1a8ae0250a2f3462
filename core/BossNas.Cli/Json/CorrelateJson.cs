namespace BossNas.Cli.Json;

/// <summary><c>bossnas correlate --json</c>: the correlations between summed block ratings and ground-truth accuracies.</summary>
/// <param name="Space">The space whose parser read the ground-truth keys.</param>
/// <param name="Ratings">The ratings folder.</param>
/// <param name="Truth">The ground-truth file.</param>
/// <param name="Offset">Added to each block's rating before the per-architecture sum.</param>
/// <param name="ScoreDecimals">Decimals the scores were rounded to, or null (exact).</param>
/// <param name="N">Architectures correlated.</param>
/// <param name="KendallTauB">Kendall's tau-b (negative: lower loss goes with higher accuracy).</param>
/// <param name="SpearmanRho">Spearman's rho.</param>
/// <param name="PearsonR">Pearson's r.</param>
internal sealed record CorrelateJson(string Space, string Ratings, string Truth, double Offset, int? ScoreDecimals, int N, double KendallTauB,
    double SpearmanRho, double PearsonR);
