using BossNas.Engine.Compare;
using BossNas.Tests.Support;

namespace BossNas.Tests.Compare;

/// <summary>The seeds' agreement of a comparison row: τ-b between seeds' kept benchmark ratings, averaged over pairs.</summary>
public sealed class SeedAgreementTests
{
    private static ArmResult Run(TempFolder temp, long seed, params (string Arch, double Score)[] ratings)
    {
        var folder = temp.File($"arm-seed{seed}/20260101-000000");
        Directory.CreateDirectory(Path.Combine(folder, "ratings"));
        File.WriteAllLines(Path.Combine(folder, "ratings", "benchmark.csv"),
            ["architecture,score,accuracy,madds", .. ratings.Select(r => FormattableString.Invariant($"{r.Arch},{r.Score},80,1000"))]);
        return new ArmResult("arm", seed, folder, "a", 1000, null, [], 1, 1, 1, null, 1, 0);
    }

    [Fact]
    public void Two_seeds_give_their_ratings_kendall_tau_and_three_the_mean_over_pairs()
    {
        using var temp = new TempFolder();
        var s0 = Run(temp, 0, ("a", 1), ("b", 2), ("c", 3), ("d", 4));
        // One swap of neighbours: 5 concordant, 1 discordant pair of 6, τ = 4/6.
        var s1 = Run(temp, 1, ("a", 10), ("b", 30), ("c", 20), ("d", 40));
        Assert.Equal(4.0 / 6, SeedAgreement.Of([s0, s1])!.Value, 12);

        // Reversed: τ −1 against seed 0 and −4/6 against seed 1; the row shows the mean of the three pairs.
        var s2 = Run(temp, 2, ("d", 1), ("c", 2), ("b", 3), ("a", 4));
        Assert.Equal((4.0 / 6 - 1 - 4.0 / 6) / 3, SeedAgreement.Of([s2, s0, s1])!.Value, 12);
    }

    [Fact]
    public void Only_the_architectures_both_rated_count_and_one_rated_seed_gives_none()
    {
        using var temp = new TempFolder();
        var s0 = Run(temp, 0, ("a", 1), ("b", 2), ("c", 3), ("x", 9));
        var s1 = Run(temp, 1, ("a", 1), ("b", 2), ("c", 3), ("y", -9));
        Assert.Equal(1.0, SeedAgreement.Of([s0, s1])!.Value, 12);

        var unrated = new ArmResult("arm", 2, temp.File("none"), "a", 1000, null, [], 1, 1, 1, null, 1, 0);
        Assert.Null(SeedAgreement.Of([s0, unrated]));
        Assert.Null(SeedAgreement.Of([s0]));
    }
}
