using static TorchSharp.torch;

namespace BossNas.Plugins.EnsembleBootstrapping;

/// <summary>
/// The pure formulas of BossNAS, public so tests can check them on hand-made
/// tensors (they reach this class through the plugin assembly, since the test project references no plugin).
/// All inputs are [B, D] batches of vectors; every result is a new tensor (or .NET values).
/// </summary>
internal static class BootstrapMath
{
    /// <summary>Rows scaled to unit L2 norm (eps 1e-12, as <c>F.normalize</c>).</summary>
    public static Tensor Normalize(Tensor x) => nn.functional.normalize(x, p: 2, dim: 1, eps: 1e-12);

    /// <summary>
    /// The BYOL/BossNAS head loss L(p, t) = −2·mean_batch cos(p, t), both sides L2-normalised; in [−2, 2],
    /// lower is better.
    /// </summary>
    public static Tensor Loss(Tensor prediction, Tensor target)
    {
        using var scope = NewDisposeScope();
        var cos = (Normalize(prediction) * Normalize(target)).sum(1);
        return (cos.mean() * -2).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The training target of ensemble bootstrapping: the mean over the sampled paths of their L2-normalised
    /// target projections.
    /// </summary>
    /// <exception cref="ArgumentException">No projections.</exception>
    public static Tensor EnsembleTarget(IReadOnlyList<Tensor> projections)
    {
        if (projections.Count == 0) throw new ArgumentException("an ensemble needs at least one projection", nameof(projections));
        using var scope = NewDisposeScope();
        var sum = zeros_like(projections[0]);
        foreach (var t in projections) sum.add_(Normalize(t));
        return sum.div_(projections.Count).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Population-center scores of one batch: the centers C1, C2 are the means of the RAW target projections
    /// over all candidates, and candidate P scores L(p1_P, C2) + L(p2_P, C1), accumulated in float64.
    /// </summary>
    /// <param name="predictions">Per candidate, the predictor outputs of view 1 and view 2.</param>
    /// <param name="targets">Per candidate, the raw target projections of view 1 and view 2.</param>
    /// <returns>One score per candidate, lower is better.</returns>
    public static double[] PopulationCenterScores(IReadOnlyList<(Tensor P1, Tensor P2)> predictions,
        IReadOnlyList<(Tensor T1, Tensor T2)> targets)
    {
        if (predictions.Count != targets.Count)
            throw new ArgumentException($"{predictions.Count} predictions vs {targets.Count} targets");
        if (targets.Count == 0) return Array.Empty<double>();
        using var scope = NewDisposeScope();
        var c1 = zeros_like(targets[0].T1, dtype: ScalarType.Float64);
        var c2 = zeros_like(targets[0].T2, dtype: ScalarType.Float64);
        foreach (var (t1, t2) in targets)
        {
            c1.add_(t1.to(ScalarType.Float64));
            c2.add_(t2.to(ScalarType.Float64));
        }
        c1.div_(targets.Count);
        c2.div_(targets.Count);
        return predictions.Select(p => CenterScore(p.P1, p.P2, c1, c2)).ToArray();
    }

    /// <summary>
    /// One candidate's score against given centers: L(p1, C2) + L(p2, C1), computed in float64.
    /// </summary>
    public static double CenterScore(Tensor p1, Tensor p2, Tensor center1, Tensor center2)
    {
        using var scope = NewDisposeScope();
        var a = Loss(p1.to(ScalarType.Float64), center2.to(ScalarType.Float64));
        var b = Loss(p2.to(ScalarType.Float64), center1.to(ScalarType.Float64));
        return a.item<double>() + b.item<double>();
    }
}
