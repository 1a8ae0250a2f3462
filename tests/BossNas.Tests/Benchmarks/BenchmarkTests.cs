using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Spaces;
using BossNas.Engine.Benchmarks;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Runs;
using BossNas.Tests.Support;

namespace BossNas.Tests.Benchmarks;

/// <summary>
/// The ground-truth builder: a cost-stratified plan with both extremes, repeats spread over the cost range, a table and
/// noise ceiling from the finished trainings, and a rebuild that trains nothing already recorded — in the run folders
/// or, on another machine, in the committed table alone.
/// </summary>
[Collection("Torch")]
public sealed class BenchmarkTests
{
    private static string SmokeConfig => Path.Combine(AppContext.BaseDirectory, "configs", "smoke", "nats.toml");

    // The host's tests load plugins at run time, as the CLI does, with options bound as a config section.
    private static ISearchSpace Nats() => ComponentOptions.Create<ISearchSpace>(ComponentKind.SearchSpace, "nats", ("CandidateWidths", new[] { 8, 16 }));

    [Fact]
    public void The_plan_is_stratified_by_cost_holds_both_extremes_and_depends_only_on_the_seed()
    {
        var space = Nats();
        var input = new InputShape(1, 16, 16, 4);
        var all = BenchmarkSelection.Enumerate(space);
        Assert.Equal(32, all.Count);
        Assert.Equal(all.Count, all.Distinct().Count());
        var chosen = BenchmarkSelection.Stratified(space, input, 8, 7);
        Assert.Equal(8, chosen.Count);
        Assert.Equal(8, chosen.Select(c => c.Architecture).Distinct().Count());
        var costs = all.Select(a => space.Cost(a, input).MAdds).Order().ToList();
        Assert.Equal(costs[0], chosen[0].Cost.MAdds);
        Assert.Equal(costs[^1], chosen[^1].Cost.MAdds);
        Assert.Equal(chosen.Select(c => c.Cost.MAdds).Order(), chosen.Select(c => c.Cost.MAdds));
        // Six strata of the 30 inner architectures, five each: one pick per stratum.
        var inner = all.Select(a => (a, space.Cost(a, input).MAdds)).OrderBy(x => x.MAdds).ThenBy(x => x.a.ToString(), StringComparer.Ordinal)
            .Skip(1).Take(30).Select(x => x.a).ToList();
        for (int s = 0; s < 6; s++) Assert.Contains(chosen[s + 1].Architecture, inner.GetRange(s * 5, 5));
        Assert.Equal(chosen, BenchmarkSelection.Stratified(space, input, 8, 7));
    }

    [Fact]
    public void Repeats_are_spread_evenly_over_the_cost_order()
    {
        var chosen = Enumerable.Range(0, 10).Select(i => Architecture.Parse($"{i}")).ToList();
        Assert.Equal(new[] { "0", "3", "6", "9" }, BenchmarkSelection.Repeats(chosen, 4).Select(a => a.ToString()));
        Assert.Empty(BenchmarkSelection.Repeats(chosen, 0));
        Assert.Equal(10, BenchmarkSelection.Repeats(chosen, 12).Count);
    }

    [Fact]
    public void A_built_benchmark_has_its_table_and_noise_ceiling_and_a_rebuild_trains_nothing()
    {
        using var temp = new TempFolder();
        var sets = new[] { $"run.output=\"{temp.File("unused")}\"" };
        var lines = new List<string>();
        var builder = new BenchmarkBuilder(SmokeConfig, sets, temp.File("bench"), TestPlugins.Host) { Report = lines.Add };
        var plan = builder.Plan(4, 2);
        Assert.Equal(6, plan.Units.Count());
        var built = builder.Build(plan, CancellationToken.None);
        Assert.NotNull(built);
        Assert.Equal(6, built!.Value.Done);
        Assert.Equal(2, built.Value.Noise.Pairs);
        var rows = File.ReadAllLines(temp.File("bench/benchmark.csv"));
        Assert.Equal("architecture,accuracy,madds,params,accuracy_seed1,accuracy_seed2,seconds_seed1,seconds_seed2", rows[0]);
        Assert.Equal(5, rows.Length);
        Assert.All(rows.Skip(1), r => Assert.Equal(8, r.Split(',').Length));
        Assert.Contains("Noise ceiling", File.ReadAllText(temp.File("bench/README.md")));
        // The table feeds `bossnas correlate`: its accuracy column is the mean over the seeds trained.
        var truth = BossNas.Engine.Correlation.GroundTruth.Load(temp.File("bench/benchmark.csv"));
        Assert.Equal(4, truth.Count);
        foreach (var row in rows.Skip(1).Select(r => r.Split(',')))
        {
            var seeds = new[] { row[4], row[5] }.Where(f => f.Length > 0).Select(double.Parse).ToList();
            Assert.InRange(Math.Abs(seeds.Average() - truth[row[0]]), 0, 0.00501);
        }

        // Rebuilding trains nothing, from the run folders and, with those gone (another machine), from the table.
        Assert.Equal(6, lines.Count(l => l.Contains(" % in ", StringComparison.Ordinal)));
        var again = new List<string>();
        var rebuilt = new BenchmarkBuilder(SmokeConfig, sets, temp.File("bench"), TestPlugins.Host) { Report = again.Add };
        Assert.Equal(6, rebuilt.Build(rebuilt.Plan(4, 2), CancellationToken.None)!.Value.Done);
        Directory.Delete(temp.File("bench/runs"), recursive: true);
        Assert.Equal(6, rebuilt.Build(rebuilt.Plan(4, 2), CancellationToken.None)!.Value.Done);
        Assert.Empty(again);
        Assert.Equal(rows, File.ReadAllLines(temp.File("bench/benchmark.csv")));
        Assert.Throws<BossNas.Engine.Config.ConfigException>(() => rebuilt.Plan(5, 2));

        // More repeats grow the saved plan: the earlier trainings count, only the new second-seed ones are trained.
        Assert.Throws<BossNas.Engine.Config.ConfigException>(() => rebuilt.Plan(4, 1));
        var grown = rebuilt.Plan(4, 4);
        Assert.All(plan.Architectures.Where(a => a.Repeated), a => Assert.True(grown.Architectures.Single(g => g.Architecture == a.Architecture).Repeated));
        Assert.Equal(8, grown.Units.Count());
        Assert.Equal(4, BenchmarkPlan.Read(temp.File("bench"))!.Architectures.Count(a => a.Repeated));
        // Numbers not given are the saved plan's, so the README's plain rebuild command goes on with the grown plan.
        Assert.Equal(8, rebuilt.Plan().Units.Count());
        var grownBuild = rebuilt.Build(rebuilt.Plan(4, 4), CancellationToken.None)!.Value;
        Assert.Equal(8, grownBuild.Done);
        Assert.Equal(2, again.Count(l => l.Contains(" % in ", StringComparison.Ordinal)));
        Assert.Equal(4, grownBuild.Noise.Pairs);
        var readme = File.ReadAllText(temp.File("bench/README.md"));
        Assert.Contains("all of them were trained again", readme);
        double r = grownBuild.Noise.Agreement!.PearsonR;
        Assert.Contains((2 * r / (1 + r)).ToString("F3", System.Globalization.CultureInfo.InvariantCulture) + " (Pearson)", readme);
    }

    [Fact]
    public void Growing_the_repeats_keeps_the_repeated_and_adds_the_spread_ones_first()
    {
        var plan = new BenchmarkPlan
        {
            Space = "nats", Seeds = [0, 1],
            Architectures = Enumerable.Range(0, 10).Select(i => new PlannedArchitecture { Architecture = $"{i}", Repeated = i is 1 or 2 }).ToList(),
        };
        // The spread of 4 over 10 is 0, 3, 6, 9: the two kept (1, 2) plus the first two of those.
        Assert.Equal(new[] { "0", "1", "2", "3" }, plan.WithRepeats(4).Architectures.Where(a => a.Repeated).Select(a => a.Architecture));
        Assert.Equal(10, plan.WithRepeats(10).Architectures.Count(a => a.Repeated));
        Assert.Throws<ArgumentOutOfRangeException>(() => plan.WithRepeats(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => plan.WithRepeats(11));
        Assert.Equal(2.0 / 3, BenchmarkTable.SpearmanBrown(0.5), 12);
    }

    [Fact]
    public void An_interrupted_benchmark_unit_resumes_from_its_checkpoint_to_the_uninterrupted_result()
    {
        using var temp = new TempFolder();
        var sets = new[] { $"run.output=\"{temp.File("unused")}\"", "retrain.max_batches_per_epoch=6", "run.checkpoint_every=2" };
        var whole = new BenchmarkBuilder(SmokeConfig, sets, temp.File("whole"), TestPlugins.Host);
        var unit = whole.Plan(2, 1).Units.First();
        var expected = whole.TrainUnit(unit, CancellationToken.None)!.Accuracy;

        using var stop = new CancellationTokenSource();
        var steps = new List<int>();
        var interrupted = new BenchmarkBuilder(SmokeConfig, sets, temp.File("cut"), TestPlugins.Host)
        {
            StepObserver = (_, m) => { steps.Add(m.Step); if (m.Step + 1 == 3) stop.Cancel(); },
        };
        Assert.Null(interrupted.TrainUnit(unit, stop.Token));
        steps.Clear();
        var resumed = interrupted.TrainUnit(unit, CancellationToken.None);
        Assert.Equal(expected, resumed!.Accuracy);
        // It went on from the checkpoint: no step before it was trained again.
        Assert.True(steps.Min() >= 2, $"first step after resuming: {steps.Min()}");
    }

    [Fact]
    public void An_interrupted_train_resumes_and_ends_where_an_uninterrupted_one_does()
    {
        using var temp = new TempFolder();
        var sets = new[] { $"run.output=\"{temp.File("runs")}\"", "retrain.max_batches_per_epoch=6", "run.checkpoint_every=2" };
        var (whole, _) = TrainLauncher.Launch(SmokeConfig, sets, "01|10|1", TestPlugins.Host, false, CancellationToken.None, startNew: true);

        using var stop = new CancellationTokenSource();
        var (first, folder) = TrainLauncher.Launch(SmokeConfig, sets, "01|10|1", TestPlugins.Host, false, stop.Token, startNew: true,
            stepObserver: (_, m) => { if (m.Step + 1 == 3) stop.Cancel(); });
        Assert.Null(first);
        Assert.False(folder.IsDone);
        var (resumed, again) = TrainLauncher.Launch(SmokeConfig, sets, "01|10|1", TestPlugins.Host, false, CancellationToken.None);
        Assert.Equal(folder.Path, again.Path);
        Assert.True(again.IsDone);
        Assert.Equal(whole, resumed);
        Assert.Contains("Resuming", File.ReadAllText(again.File("log.txt")));
    }

    [Fact]
    public void A_train_whose_unfinished_folder_another_process_holds_starts_a_folder_of_its_own()
    {
        using var temp = new TempFolder();
        var sets = new[] { $"run.output=\"{temp.File("runs")}\"", "retrain.max_batches_per_epoch=6", "run.checkpoint_every=2" };
        using var stop = new CancellationTokenSource();
        var (first, held) = TrainLauncher.Launch(SmokeConfig, sets, "01|10|1", TestPlugins.Host, false, stop.Token, startNew: true,
            stepObserver: (_, m) => { if (m.Step + 1 == 3) stop.Cancel(); });
        Assert.Null(first);
        // Another `train` of the same config (say, of another architecture) holds the unfinished folder.
        using (RunFolderLock.Acquire(held))
        {
            var (accuracy, own) = TrainLauncher.Launch(SmokeConfig, sets, "11|11|1", TestPlugins.Host, false, CancellationToken.None);
            Assert.NotNull(accuracy);
            Assert.NotEqual(held.Path, own.Path);
            Assert.False(held.IsDone);
        }
    }
}
