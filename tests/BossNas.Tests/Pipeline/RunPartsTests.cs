using System.Text.Json;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Execution;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Runs;
using BossNas.Engine.Training;
using BossNas.Tests.Support;

namespace BossNas.Tests.Pipeline;

/// <summary>
/// A run's independent parts (DNA's block stages, retraining and controls) run through a parts executor, each in its
/// own folder under <c>parts/</c>: the run ends exactly as when it does everything itself, and an interrupted part
/// resumes without redoing the finished ones. The Slurm executor runs the same parts as array tasks
/// (<see cref="Execution.SlurmExecutorTests"/>).
/// </summary>
[Collection("Torch")]
public sealed class RunPartsTests
{
    internal static string DnaConfig => Path.Combine(AppContext.BaseDirectory, "configs", "smoke", "dna.toml");

    internal static (PhaseRunner.Outcome, RunFolder) Run(string output, IExecutor? parts, Action<string, StepMetrics>? observer = null,
        CancellationToken cancel = default, Func<BossNas.Engine.Config.RunConfig, string, IExecutor?>? partsExecutor = null, params string[] overrides)
    {
        var options = new RunLauncher.Options(false, false, false)
        {
            StepObserver = observer, PartsExecutor = partsExecutor ?? (parts is null ? null : (_, _) => parts),
        };
        return RunLauncher.Launch(DnaConfig, overrides.Prepend($"run.output=\"{output}\"").ToList(), TestPlugins.Host, options, cancel);
    }

    // Every test accuracy, as the run state writes them.
    private static string Results(RunFolder f) => System.Text.Json.JsonSerializer.Serialize(RunState.FromJson(File.ReadAllText(f.File("state.json"))).Results);

    private static string Found(RunFolder f) =>
        JsonDocument.Parse(File.ReadAllText(f.File("architecture.json"))).RootElement.GetProperty("architecture").GetString()!;

    /// <summary>Asserts that two finished DNA runs hold the same supernet, ratings, search result and accuracies.</summary>
    internal static void AssertSameRun(RunFolder expected, RunFolder actual)
    {
        Assert.Equal(File.ReadAllBytes(expected.File("supernet.bin")), File.ReadAllBytes(actual.File("supernet.bin")));
        for (int block = 0; block < 5; block++)
            Assert.Equal(File.ReadAllText(Path.Combine(expected.Path, "ratings", $"ratings_block{block}.csv")),
                File.ReadAllText(Path.Combine(actual.Path, "ratings", $"ratings_block{block}.csv")));
        Assert.Equal(File.ReadAllText(expected.File("dna_top.csv")), File.ReadAllText(actual.File("dna_top.csv")));
        Assert.Equal(Found(expected), Found(actual));
        Assert.Equal(Results(expected), Results(actual));
        foreach (var network in new[] { "retrain.bin", "control.bin" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(expected.Path, "networks", network)),
                File.ReadAllBytes(Path.Combine(actual.Path, "networks", network)));
    }

    /// <summary>
    /// Runs the smoke DNA run inline and with its parts on <paramref name="section"/>'s executor (one thread each, as a
    /// Slurm task with one CPU computes), checks the two end alike, and hands the split run to <paramref name="check"/>.
    /// </summary>
    internal static void AssertSplitEqualsInline(ExecutorSection section, Action<RunFolder> check)
    {
        using var inline = new TempFolder();
        var (_, a) = Run(inline.Path, parts: null, overrides: "run.threads=1");
        using var split = new TempFolder();
        var (outcome, b) = Run(split.Path, null, overrides: "run.threads=1", partsExecutor: (_, folder) => IExecutor.For(section, folder));
        Assert.Equal(PhaseRunner.Outcome.Finished, outcome);
        check(b);
        AssertSameRun(a, b);
    }

    [Fact]
    public void Dna_stages_retraining_and_controls_as_parts_end_as_the_run_that_does_them_itself()
    {
        using var inline = new TempFolder();
        var (_, a) = Run(inline.Path, parts: null);
        Assert.False(Directory.Exists(a.File("parts")));

        using var split = new TempFolder();
        var (outcome, b) = Run(split.Path, new LocalExecutor());
        Assert.Equal(PhaseRunner.Outcome.Finished, outcome);
        var names = Directory.GetDirectories(b.File("parts")).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(["control", "retrain", "stage0", "stage1", "stage2", "stage3", "stage4"], names);
        AssertSameRun(a, b);
        // Each stage part changed only its own block (the merge refuses overlaps), and its metrics joined the run's.
        var steps = MetricsWriter.Read(b.File("metrics.jsonl"), "step").Select(e => e.GetProperty("task").GetString()).Distinct().ToList();
        Assert.Contains("block4", steps);
        Assert.Contains("control", steps);
        Assert.Contains("| random control |", File.ReadAllText(b.File("report.md")));
    }

    [Fact]
    public void An_interrupted_part_resumes_and_the_finished_parts_are_not_run_again()
    {
        using var inline = new TempFolder();
        var (_, a) = Run(inline.Path, parts: null);

        using var split = new TempFolder();
        using var stop = new CancellationTokenSource();
        var (first, b) = Run(split.Path, new LocalExecutor(), (phase, m) => { if (m.Task == "block2" && m.Step == 1) stop.Cancel(); }, stop.Token);
        Assert.Equal(PhaseRunner.Outcome.Interrupted, first);
        Assert.True(File.Exists(Path.Combine(b.Path, "parts", "stage1", "result.json")));
        Assert.False(File.Exists(Path.Combine(b.Path, "parts", "stage2", "result.json")));

        var trained = new List<string>();
        var (second, resumed) = Run(split.Path, new LocalExecutor(), (_, m) => { if (m.Step == 0) trained.Add(m.Task); });
        Assert.Equal(PhaseRunner.Outcome.Finished, second);
        Assert.Equal(b.Path, resumed.Path);
        // block2 resumed past its first step; blocks 0 and 1 were not trained again.
        Assert.DoesNotContain("block0", trained);
        Assert.DoesNotContain("block1", trained);
        Assert.DoesNotContain("block2", trained);
        Assert.Contains("block3", trained);
        Assert.Contains("Part stage2 of", File.ReadAllText(b.File("log.txt")));
        // Every step of every block is in the run's metrics once, as in the straight run.
        static int Steps(RunFolder f, string task) =>
            MetricsWriter.Read(f.File("metrics.jsonl"), "step").Count(e => e.GetProperty("task").GetString() == task);
        for (int block = 0; block < 5; block++) Assert.Equal(Steps(a, $"block{block}"), Steps(resumed, $"block{block}"));
        Assert.Contains(": resuming at step 2", File.ReadAllText(b.File("log.txt")));
        AssertSameRun(a, resumed);
    }
}
