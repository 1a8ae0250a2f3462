using BossNas.Engine.Compare;
using BossNas.Tests.Support;

namespace BossNas.Tests.Compare;

/// <summary>The reference lines of a comparison's report on a hand-made benchmark table.</summary>
public sealed class BenchmarkBaselinesTests
{
    private const string Header = "architecture,accuracy,madds,params,accuracy_seed0,accuracy_seed1,seconds_seed0,seconds_seed1";

    [Fact]
    public void Cost_rankings_and_the_second_seed_are_scored_against_the_accuracy_by_hand()
    {
        using var temp = new TempFolder();
        var csv = temp.File("benchmark.csv");
        // params rise with accuracy, MAdds fall; seed 1 exists for a, c, d only and swaps a and c.
        File.WriteAllLines(csv, [Header, "a,80,40,1,80,85,1,1", "b,82,30,2,82,,1,", "c,84,20,3,84,83,1,1", "d,86,10,4,86,87,1,1", "e,88,5,5,88,,1,"]);
        var lines = BenchmarkBaselines.Compute(csv).ToDictionary(l => l.Name);

        var byParams = lines["parameter count"];
        Assert.Equal((5, 1.0, 1.0, 1.0), (byParams.N, byParams.Tau, byParams.Rho, byParams.TopTen));
        // MAdds quartiles of 5 rows: {e}, {d}, {c}, {b, a}; only the last has two rows, ordered as the accuracy.
        Assert.Equal(1.0, byParams.WithinCostTau);
        var byMadds = lines["MAdds"];
        Assert.Equal((5, -1.0, -1.0, 0.0), (byMadds.N, byMadds.Tau, byMadds.Rho, byMadds.TopTen));
        // Pairs (a,c) discordant, (a,d) and (c,d) concordant: tau = (2 - 1) / 3; rank differences 1, 1, 0: rho = 1 - 6*2/(3*8).
        var ceiling = lines["noise ceiling: seed 1 against seed 0"];
        Assert.Equal(3, ceiling.N);
        Assert.Equal(1.0 / 3, ceiling.Tau, 12);
        Assert.Equal(0.5, ceiling.Rho, 12);
        Assert.Equal(1.0, ceiling.TopTen);
    }

    [Fact]
    public void A_table_without_cost_or_seed_columns_gives_no_lines_and_a_bad_cell_is_located()
    {
        using var temp = new TempFolder();
        var plain = temp.File("plain.csv");
        File.WriteAllLines(plain, ["architecture,accuracy", "a,80", "b,81"]);
        Assert.Empty(BenchmarkBaselines.Compute(plain));

        var bad = temp.File("bad.csv");
        File.WriteAllLines(bad, [Header, "a,80,40,1,80,85,1,1", "b,82,thirty,2,82,,1,"]);
        var e = Assert.Throws<FormatException>(() => BenchmarkBaselines.Compute(bad));
        Assert.Contains($"{bad}, line 3", e.Message);
        Assert.Contains("madds", e.Message);
    }
}
