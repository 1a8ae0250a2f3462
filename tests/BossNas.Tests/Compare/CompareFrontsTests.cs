using BossNas.Engine.Compare;

namespace BossNas.Tests.Compare;

/// <summary>An arm's front over the benchmark and its hypervolume ratio against the true front, by hand.</summary>
public sealed class CompareFrontsTests
{
    // Scaled to [0, 1] (cost 1..10, accuracy 60..90 as 90 − accuracy): A (1, 0), B (4/9, 1/3), C (0, 2/3), D (7/9, 1).
    private static readonly List<CompareFronts.Entry> Bench =
    [
        new("A", 90, 0.1, 10), new("B", 80, 0.2, 5), new("C", 70, 0.3, 1), new("D", 60, 0.9, 8),
    ];

    [Fact]
    public void The_true_front_and_its_hypervolume_follow_a_hand_computation()
    {
        var truth = CompareFronts.FrontBy(Bench, e => e.Accuracy, false);
        Assert.Equal(["C", "B", "A"], truth.Select(e => e.Architecture));
        // Strips against (1.1, 1.1): 1.1 × (1.1 − 2/3) + (1.1 − 4/9) × (2/3 − 1/3) + (1.1 − 1) × 1/3.
        double expected = 1.1 * (1.1 - 2.0 / 3) + (1.1 - 4.0 / 9) * (1.0 / 3) + 0.1 * (1.0 / 3);
        Assert.Equal(expected, CompareFronts.ScaledHypervolume(truth, Bench), 12);
    }

    [Fact]
    public void A_rating_that_prefers_a_dominated_architecture_covers_less_of_the_true_trade_offs()
    {
        // By the rating (higher is better) against cost, C and D are non-dominated; at their true accuracies D adds nothing.
        var front = CompareFronts.FrontBy(Bench, e => e.Score, false);
        Assert.Equal(["C", "D"], front.Select(e => e.Architecture));
        double truth = CompareFronts.ScaledHypervolume(CompareFronts.FrontBy(Bench, e => e.Accuracy, false), Bench);
        Assert.Equal(1.1 * (1.1 - 2.0 / 3) / truth, CompareFronts.ScaledHypervolume(front, Bench) / truth, 12);
        // A loss-like rating (lower is better) read in its direction finds the true front.
        Assert.Equal(["C", "B", "A"], CompareFronts.FrontBy(Bench, e => -e.Accuracy, true).Select(e => e.Architecture));
    }
}
