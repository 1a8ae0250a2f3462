using static TorchSharp.torch;

namespace BossNas.Plugins.EnsembleBootstrapping.Tests;

/// <summary>
/// BossNAS's formulas on hand-made vectors: the head loss −2·cos (§3.3), the ensemble target as the mean of
/// normalised projections (§3.6), and the population center as the mean of raw ones (§4.1).
/// </summary>
[Collection("Torch")]
public sealed class BootstrapMathTests
{
    private static readonly Func<Tensor, Tensor, Tensor> Loss = BootstrapMath.Loss;

    private static Tensor Rows(params float[][] rows) =>
        tensor(rows.SelectMany(r => r).ToArray(), new long[] { rows.Length, rows[0].Length });

    [Theory]
    [InlineData(new float[] { 1, 0 }, new float[] { 0, 1 }, 0.0)]          // orthogonal
    [InlineData(new float[] { 1, 0 }, new float[] { 1, 0 }, -2.0)]         // equal
    [InlineData(new float[] { 3, 4 }, new float[] { 6, 8 }, -2.0)]         // scale does not matter
    [InlineData(new float[] { 3, 4 }, new float[] { 4, 3 }, -1.92)]        // cos = 24/25
    [InlineData(new float[] { 3, 4 }, new float[] { -3, -4 }, 2.0)]        // opposite
    public void Loss_is_minus_two_cosine(float[] p, float[] t, double expected)
    {
        using var scope = NewDisposeScope();
        Assert.Equal(expected, Loss(Rows(p), Rows(t)).item<float>(), 5);
    }

    [Fact]
    public void Loss_averages_over_the_batch()
    {
        using var scope = NewDisposeScope();
        // Rows: cos 0 and cos 0.96 → −2·0.48.
        Assert.Equal(-0.96, Loss(Rows(new float[] { 1, 0 }, new float[] { 3, 4 }),
            Rows(new float[] { 0, 1 }, new float[] { 4, 3 })).item<float>(), 5);
    }

    [Fact]
    public void Ensemble_target_is_the_mean_of_normalised_projections()
    {
        using var scope = NewDisposeScope();
        Func<IReadOnlyList<Tensor>, Tensor> ensemble = BootstrapMath.EnsembleTarget;
        // [3,4] → [0.6,0.8] and [0,2] → [0,1]; the mean is [0.3, 0.9] (the raw mean would be [1.5, 3]).
        var t = ensemble(new[] { Rows(new float[] { 3, 4 }), Rows(new float[] { 0, 2 }) });
        Assert.Equal(new[] { 0.3f, 0.9f }, t.data<float>().ToArray().Select(v => MathF.Round(v, 5)).ToArray());
    }

    [Fact]
    public void Population_center_scores_use_the_raw_mean_of_all_candidates_targets()
    {
        using var scope = NewDisposeScope();
        Func<IReadOnlyList<(Tensor, Tensor)>, IReadOnlyList<(Tensor, Tensor)>, double[]> scores = (p, t) => BootstrapMath.PopulationCenterScores(p, t);
        // Targets (view 1, view 2): A = ([4,0], [1,1]), B = ([0,2], [1,-1]) → C1 = [2,1], C2 = [1,0].
        var targets = new[]
        {
            (Rows(new float[] { 4, 0 }), Rows(new float[] { 1, 1 })),
            (Rows(new float[] { 0, 2 }), Rows(new float[] { 1, -1 })),
        };
        // Predictions: A = ([1,0], [1,0]), B = ([0,1], [2,1]).
        var predictions = new[]
        {
            (Rows(new float[] { 1, 0 }), Rows(new float[] { 1, 0 })),
            (Rows(new float[] { 0, 1 }), Rows(new float[] { 2, 1 })),
        };

        var s = scores(predictions, targets);

        // A: L([1,0], C2) + L([1,0], C1) = −2 − 2·2/√5.  B: L([0,1], C2) + L([2,1], C1) = 0 − 2.
        // (A normalised center would give C1 = [0.5, 0.5] and −2 − √2 for A instead.)
        Assert.Equal(-2 - 4 / System.Math.Sqrt(5), s[0], 6);
        Assert.Equal(-2.0, s[1], 6);
    }
}
