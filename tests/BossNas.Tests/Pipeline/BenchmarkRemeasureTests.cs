using System.Globalization;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Correlation;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Runs;
using BossNas.Tests.Support;

namespace BossNas.Tests.Pipeline;

/// <summary>
/// A finished run's benchmark agreement measured again against a benchmark whose accuracies changed (a second seed):
/// the ratings kept in <c>ratings/benchmark.csv</c> against the new accuracies, in the evaluator's direction.
/// </summary>
public sealed class BenchmarkRemeasureTests
{
    private static readonly string[] Architectures = ["a", "b", "c", "d", "e", "f", "g", "h"];
    private static readonly double[] Scores = [3.0, 1.0, 4.0, 1.5, 5.0, 9.0, 2.0, 6.0];
    private static readonly double[] Before = [70, 71, 72, 73, 74, 75, 76, 77];
    private static readonly double[] After = [71, 70, 75, 72, 74, 77, 73, 76];
    private static readonly double[] MAdds = [1, 2, 3, 4, 5, 6, 7, 8];

    // A run folder whose ratings were measured against Before, with the evaluator's direction `direction`.
    private static (RunFolder Folder, BenchmarkAgreement Recorded) Run(TempFolder temp, int direction)
    {
        var lines = new List<string> { "architecture,score,accuracy,madds,score_second_pass" };
        for (int i = 0; i < Architectures.Length; i++)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{Architectures[i]},{Scores[i]:R},{Before[i]:R},{MAdds[i]:R},{Scores[i] + 1:R}"));
        Directory.CreateDirectory(temp.File("run/ratings"));
        File.WriteAllLines(temp.File("run/ratings/benchmark.csv"), lines);
        var recorded = BenchmarkAgreement.Measure(Scores.Select(s => direction * s).ToList(), Before, MAdds, 12.5, 0.75);
        return (RunFolder.Open(temp.File("run")), recorded);
    }

    private static string Benchmark(TempFolder temp, double[] accuracy)
    {
        File.WriteAllLines(temp.File("benchmark.csv"),
            ["architecture,accuracy", .. Architectures.Select((a, i) => string.Create(CultureInfo.InvariantCulture, $"{a},{accuracy[i]:R}"))]);
        return temp.File("benchmark.csv");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void New_accuracies_give_the_agreement_of_the_kept_ratings_in_the_evaluators_direction(int direction)
    {
        using var temp = new TempFolder();
        var (folder, recorded) = Run(temp, direction);
        var again = BenchmarkRemeasure.Against(folder, recorded, Benchmark(temp, After))!;
        var oriented = Scores.Select(s => direction * s).ToList();
        Assert.Equal(RankCorrelation.KendallTauB(oriented, After), again.KendallTauB, 12);
        Assert.Equal(RankCorrelation.SpearmanRho(oriented, After), again.SpearmanRho, 12);
        Assert.Equal(RankCorrelation.WithinBins(oriented, After, MAdds), again.WithinCostTau!.Value, 12);
        Assert.NotEqual(recorded.KendallTauB, again.KendallTauB, 6);
        // The rating itself did not change: its time and its reliability (no ground truth in it) stay.
        Assert.Equal(12.5, again.Seconds);
        Assert.Equal(0.75, again.Reliability);
    }

    [Fact]
    public void The_same_accuracies_keep_the_recorded_agreement()
    {
        using var temp = new TempFolder();
        var (folder, recorded) = Run(temp, 1);
        Assert.Same(recorded, BenchmarkRemeasure.Against(folder, recorded, Benchmark(temp, Before)));
    }

    [Fact]
    public void A_record_made_before_the_newer_figures_gets_them_from_the_kept_ratings()
    {
        using var temp = new TempFolder();
        var (folder, full) = Run(temp, -1);
        var old = full with { TopFivePrecision = null, TopFive = null, TauLow = null, TauHigh = null };
        var again = BenchmarkRemeasure.Against(folder, old, Benchmark(temp, Before))!;
        Assert.Equal(full, again); // the same accuracies: every figure as a run of today's code records it
        Assert.NotNull(again.TauLow);
    }

    [Fact]
    public void Ratings_that_do_not_reproduce_the_recorded_tau_or_miss_an_architecture_keep_the_recorded_agreement()
    {
        using var temp = new TempFolder();
        var (folder, recorded) = Run(temp, 1);
        var altered = recorded with { KendallTauB = recorded.KendallTauB / 2 };
        Assert.Same(altered, BenchmarkRemeasure.Against(folder, altered, Benchmark(temp, After)));
        File.WriteAllLines(temp.File("benchmark.csv"), ["architecture,accuracy", "a,70", "b,71"]);
        Assert.Same(recorded, BenchmarkRemeasure.Against(folder, recorded, temp.File("benchmark.csv")));
    }
}
