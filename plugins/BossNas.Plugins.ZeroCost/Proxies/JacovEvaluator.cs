using BossNas.Core.Components;
using static TorchSharp.torch;

namespace BossNas.Plugins.ZeroCost.Proxies;

/// <summary>
/// Jacobian covariance (Mellor et al., the NASWOT paper's first version; NASLib <c>jacov.py</c>, zero-cost-nas
/// <c>jacob_cov.py</c>): the correlation matrix Σ_J of the images' input gradients J over one minibatch, scored
/// −Σ_i (log(λ_i + k) + 1/(λ_i + k)) over its eigenvalues λ_i, k = 1e-5: highest when the images' gradients are
/// uncorrelated (all λ = 1).
/// </summary>
/// <remarks>
/// Σ_J is symmetric, so its eigenvalues are taken with a symmetric solver (the reference's general <c>eig</c> gives the
/// same values up to rounding). A rounding-negative eigenvalue below −k makes the log NaN, scored
/// <see cref="ZeroCostEvaluator.Degenerate"/> as NASLib does.
/// </remarks>
[Component(ComponentKind.Evaluator, "jacov", typeof(ProxyDataOptions),
    Description = "zero-cost: Jacobian covariance of the input gradients on one minibatch")]
public sealed class JacovEvaluator(ProxyDataOptions options) : LabelledProxy(options)
{
    /// <summary>The reference's k.</summary>
    public const double K = 1e-5;

    /// <inheritdoc />
    public override double Score(nn.Module<Tensor, Tensor> network, ProxyBatch batch)
    {
        using var scope = NewDisposeScope();
        var (rows, _) = InputJacobian.Of(network, batch.Images);
        return CorrelationScore(rows);
    }

    /// <summary>−Σ (log(λ + k) + 1/(λ + k)) over the eigenvalues of the rows' correlation matrix.</summary>
    public static double CorrelationScore(Tensor rows)
    {
        using var scope = NewDisposeScope();
        var corr = corrcoef(rows.to(ScalarType.Float64));
        if (!corr.isfinite().all().item<bool>()) return double.NaN;
        var v = linalg.eigvalsh(corr) + K;
        return -(v.log() + v.reciprocal()).sum().item<double>();
    }
}
