using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Core.Supervision.Capabilities;
using static TorchSharp.torch;

namespace BossNas.Plugins.SinglePath;

/// <summary>
/// BN-NAS's indicator (<c>BNNAS/search/ea.py</c>): score(architecture) = Σ over layers of mean_c |γ_c| of the chosen
/// op's last BatchNorm, higher is better. No data is touched: the score matrix [layer, op] is read from the
/// supernet once per call and every candidate is a sum of lookups. Choices without their own BN follow
/// <see cref="BnIndicatorOptions.SkipScore"/>.
/// </summary>
[Component(ComponentKind.Evaluator, "bn_indicator", typeof(BnIndicatorOptions),
    Description = "BN-NAS indicator: sum over layers of mean |gamma| of the chosen op's last BN (no data)")]
public sealed class BnIndicatorEvaluator(BnIndicatorOptions options) : IEvaluator
{
    /// <inheritdoc />
    public bool LowerIsBetter => false;

    /// <inheritdoc />
    public RatingScope Scope => RatingScope.Architectures;

    /// <inheritdoc />
    public string? CheckCompatible(ISearchSpace space, ISupervisionStrategy? strategy) =>
        BnNasStrategy.SlicedBatchNorm(space) is { } sliced ? sliced
        : strategy is IBatchNormIndicators ? null
            : $"bn_indicator reads BN γ trained as op indicators (IBatchNormIndicators, e.g. bn_nas); {ComponentNames.Of(strategy)} does not train them";

    /// <inheritdoc />
    public IReadOnlyList<Rating> RateArchitectures(IReadOnlyList<Architecture> candidates, EvaluationContext context)
    {
        var matrix = ScoreMatrix(context.Strategy!.Supernet, context.Space, options.SkipScore);
        return candidates.Select(a => Rating.ForArchitecture(a, Score(matrix, a))).ToList();
    }

    /// <summary>The indicator of <paramref name="architecture"/> from a score matrix made by <see cref="ScoreMatrix"/>.</summary>
    public static double Score(IReadOnlyList<IReadOnlyList<double[]>> matrix, Architecture architecture)
    {
        double sum = 0;
        for (int b = 0; b < architecture.Blocks.Count; b++)
            for (int l = 0; l < architecture.Blocks[b].Length; l++)
                sum += matrix[b][l][architecture.Blocks[b][l]];
        return sum;
    }

    /// <summary>
    /// Per block, per layer, per op: mean |γ| of the op's last BatchNorm; a choice without one scores 0, or with
    /// <paramref name="skipScore"/> = <c>layer_mean</c> the mean over the layer's ops that have one.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<double[]>> ScoreMatrix(Supernet supernet, ISearchSpace space, string skipScore)
    {
        var matrix = space.Blocks.Select(b => (IReadOnlyList<double[]>)b.ChoiceNames.Select(c => new double[c.Count]).ToArray()).ToArray();
        var has = space.Blocks.Select(b => b.ChoiceNames.Select(c => new bool[c.Count]).ToArray()).ToArray();
        using (no_grad())
        using (NewDisposeScope())
            foreach (var n in LastBatchNorms.Find(supernet, space))
            {
                if (n.Norm.weight is not { } gamma) continue;
                matrix[n.Block][n.Layer][n.Op] = gamma.abs().mean().to_type(ScalarType.Float64).item<double>();
                has[n.Block][n.Layer][n.Op] = true;
            }
        if (skipScore == "layer_mean")
            for (int b = 0; b < matrix.Length; b++)
                for (int l = 0; l < matrix[b].Count; l++)
                {
                    var scored = matrix[b][l].Where((_, o) => has[b][l][o]).ToList();
                    if (scored.Count == 0) continue;
                    double mean = scored.Average();
                    for (int o = 0; o < matrix[b][l].Length; o++)
                        if (!has[b][l][o]) matrix[b][l][o] = mean;
                }
        return matrix;
    }
}
