using BossNas.Core.Components;
using static TorchSharp.torch;

namespace BossNas.Plugins.ZeroCost.Proxies;

/// <summary>
/// EPE-NAS (Lopes et al., ICANN'21; NASLib <c>epe_nas.py</c>): the input gradients J of one minibatch grouped by label;
/// per class c, s_c = Σ_ij log(|corr(J_c)_ij| + k), k = 1e-5; with at most 100 classes the score is Σ_c |s_c|, above that
/// s_c is divided by the class's image count and the score is Σ_c Σ_c' |s_c − s_c'| / (classes seen).
/// </summary>
/// <remarks>
/// A class with a single image has the correlation 1 (numpy's <c>corrcoef</c> of one row), so s_c = log(1 + k), as in
/// the reference (above 100 classes the reference skips such a class, and so does this). A class whose rows have no variance gives NaN, scored <see cref="ZeroCostEvaluator.Degenerate"/> as
/// NASLib does.
/// </remarks>
[Component(ComponentKind.Evaluator, "epe_nas", typeof(ProxyDataOptions),
    Description = "zero-cost: EPE-NAS, per-class correlation of the input gradients on one minibatch")]
public sealed class EpeNasEvaluator(ProxyDataOptions options) : LabelledProxy(options)
{
    /// <summary>The reference's k.</summary>
    public const double K = 1e-5;

    /// <inheritdoc />
    public override double Score(nn.Module<Tensor, Tensor> network, ProxyBatch batch)
    {
        using var scope = NewDisposeScope();
        var (rows, classes) = InputJacobian.Of(network, batch.Images);
        return PerClassScore(rows, batch.Labels, classes);
    }

    /// <summary>The score of Jacobian <paramref name="rows"/> with their <paramref name="labels"/> and the class count.</summary>
    public static double PerClassScore(Tensor rows, Tensor labels, long classes)
    {
        using var scope = NewDisposeScope();
        var ys = labels.to(ScalarType.Int64).cpu().data<long>().ToArray();
        var perClass = new List<double>();
        foreach (var c in ys.Distinct())
        {
            var idx = ys.Select((y, i) => (y, i)).Where(t => t.y == c).Select(t => (long)t.i).ToArray();
            // Above 100 classes the reference divides by len() of the 0-d correlation of a lone image, which throws,
            // and skips that class.
            if (classes > 100 && idx.Length == 1) continue;
            var s = idx.Length == 1
                ? Math.Log(1 + K)
                : (corrcoef(rows.index_select(0, tensor(idx, device: rows.device)).to(ScalarType.Float64)).abs() + K).log().sum().item<double>();
            perClass.Add(classes > 100 ? s / idx.Length : s);
        }
        if (classes <= 100) return perClass.Sum(Math.Abs);
        double pairs = perClass.Sum(a => perClass.Sum(b => Math.Abs(a - b)));
        return pairs / perClass.Count;
    }
}
