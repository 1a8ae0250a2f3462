using BossNas.Engine.Checkpoints;
using BossNas.Engine.Correlation;

namespace BossNas.Tests.Correlation;

/// <summary>The ranking figures beyond τ: precision at the top, BR/WR@k, and τ's bootstrap interval, against hand-made examples.</summary>
public sealed class RankingMetricsTests
{
    // Ten architectures, accuracy falling with the index: true rank = index + 1.
    private static readonly double[] Truth = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0];

    [Fact]
    public void Best_and_worst_true_rank_of_the_top_rated_follow_a_hand_count()
    {
        // Rated best: index 7 (true rank 8), then index 2 (rank 3), then the rest.
        double[] score = [0.1, 0.2, 0.8, 0.3, 0.35, 0.4, 0.45, 0.9, 0.5, 0.55];
        var top2 = TopRanks.Of(score, Truth, fraction: 0.2);
        Assert.Equal(new TopRanks(2, 3, 8, 10), top2);
        // k = round(0.3 · 10) = 3 adds index 9 (0.55, rank 10).
        Assert.Equal(new TopRanks(3, 3, 10, 10), TopRanks.Of(score, Truth, fraction: 0.3));
        // A loss: lower is better, so the same list read the other way picks index 0 (rank 1) and 1 (rank 2).
        Assert.Equal(new TopRanks(2, 1, 2, 10), TopRanks.Of(score, Truth, fraction: 0.2, lowerIsBetter: true));
        Assert.Equal("3/8 of 10", top2.ToString());
    }

    [Fact]
    public void Architectures_of_equal_accuracy_share_the_best_rank_of_their_group()
    {
        double[] truth = [0.5, 0.9, 0.5, 0.5, 0.1];
        double[] score = [0, 0, 1, 0, 0]; // rated best: index 2, tied third in truth with 0 and 3
        Assert.Equal(new TopRanks(1, 2, 2, 5), TopRanks.Of(score, truth, fraction: 0.2));
    }

    [Fact]
    public void Precision_at_the_top_five_percent_counts_the_shared_members()
    {
        // 40 architectures: k = 2. The two rated best are the most accurate and the 5th most accurate.
        var truth = Enumerable.Range(0, 40).Select(i => 1.0 - i / 40.0).ToArray();
        // The rest are rated the wrong way round: the least accurate next.
        var score = Enumerable.Range(0, 40).Select(i => i / 1000.0).ToArray();
        score[0] = 10;
        score[4] = 9;
        Assert.Equal(0.5, RankCorrelation.TopPrecision(score, truth, 0.05));
        // At 10 % (k = 4) the 5th is still outside and the next two rated are the least accurate: 1 of 4.
        Assert.Equal(0.25, RankCorrelation.TopPrecision(score, truth, 0.10));
    }

    private static (double[] X, double[] Y) Noisy(int n, ulong seed)
    {
        var rng = new BossNas.Core.Context.SeededRandom(seed);
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = rng.NextDouble();
            y[i] = x[i] + rng.NextDouble();
        }
        return (x, y);
    }

    [Fact]
    public void The_bootstrap_interval_holds_the_point_estimate_repeats_per_seed_and_narrows_with_more_architectures()
    {
        var (x, y) = Noisy(60, 3);
        double tau = RankCorrelation.KendallTauB(x, y);
        var (low, high) = TauBootstrap.Interval(x, y);
        Assert.InRange(tau, low, high);
        Assert.True(high - low > 0.05, $"an interval of {high - low:F3} for 60 noisy pairs is too narrow to be a bootstrap");
        Assert.Equal((low, high), TauBootstrap.Interval(x, y));
        Assert.NotEqual((low, high), TauBootstrap.Interval(x, y, seed: 1));

        var (bx, by) = Noisy(960, 3);
        var (bigLow, bigHigh) = TauBootstrap.Interval(bx, by);
        Assert.InRange(RankCorrelation.KendallTauB(bx, by), bigLow, bigHigh);
        // 16× the pairs: about a quarter of the width.
        Assert.InRange((bigHigh - bigLow) / (high - low), 0.15, 0.4);
    }

    [Fact]
    public void A_perfect_ranking_has_a_degenerate_interval_at_one()
    {
        double[] x = [1, 2, 3, 4, 5, 6];
        Assert.Equal((1.0, 1.0), TauBootstrap.Interval(x, x));
    }

    [Fact]
    public void A_benchmark_agreement_carries_every_figure_in_the_evaluator_s_direction()
    {
        double[] oriented = [0.1, 0.2, 0.8, 0.3, 0.35, 0.4, 0.45, 0.9, 0.5, 0.55];
        double[] madds = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5];
        var a = BenchmarkAgreement.Measure(oriented, Truth, madds, seconds: 2, reliability: 0.7);
        Assert.Equal(RankCorrelation.KendallTauB(oriented, Truth), a.KendallTauB);
        Assert.Equal(RankCorrelation.TopPrecision(oriented, Truth, 0.05), a.TopFivePrecision);
        Assert.Equal(TopRanks.Of(oriented, Truth, 0.05), a.TopFive);
        Assert.InRange(a.KendallTauB, a.TauLow!.Value, a.TauHigh!.Value);
        Assert.Equal(RankCorrelation.WithinBins(oriented, Truth, madds), a.WithinCostTau);
        Assert.Equal(0.7, a.Reliability);
        // Round-trips through the run state's JSON.
        var back = System.Text.Json.JsonSerializer.Deserialize<BenchmarkAgreement>(System.Text.Json.JsonSerializer.Serialize(a));
        Assert.Equal(a, back);
    }
}
