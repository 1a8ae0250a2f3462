using System.Globalization;

namespace BossNas.Engine.Correlation;

/// <summary>Rank and linear correlation between two paired samples.</summary>
/// <param name="N">Number of pairs.</param>
/// <param name="KendallTauB">Kendall's tau-b (tie-corrected).</param>
/// <param name="SpearmanRho">Spearman's rho computed on average ranks.</param>
/// <param name="PearsonR">Pearson's product-moment correlation.</param>
public sealed record CorrelationResult(int N, double KendallTauB, double SpearmanRho, double PearsonR)
{
    /// <summary>Formats as <c>n=&lt;n&gt; kendall_tau_b=&lt;x&gt; spearman_rho=&lt;x&gt; pearson_r=&lt;x&gt;</c>, 4 decimals, invariant culture.</summary>
    /// <returns>The one-line summary; values carry an explicit sign so loss-vs-accuracy results read unambiguously.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"n={N} kendall_tau_b={KendallTauB:+0.0000;-0.0000;0.0000} " +
        $"spearman_rho={SpearmanRho:+0.0000;-0.0000;0.0000} pearson_r={PearsonR:+0.0000;-0.0000;0.0000}");
}
