using BossNas.Engine.Benchmarks;
using BossNas.Engine.Execution;
using BossNas.Engine.Pipeline;
using BossNas.Tests.Support;

namespace BossNas.Tests.Execution;

/// <summary>
/// The process executor: units as child processes of this machine, several at once; the result equals the in-process
/// one, and a unit that keeps failing stops the work naming the unit, its exit code and its log.
/// </summary>
[Collection("Torch")]
public sealed class ProcessExecutorTests
{
    [Fact]
    public void A_benchmark_built_by_two_child_processes_at_once_equals_the_in_process_build()
    {
        var recipe = Path.Combine(AppContext.BaseDirectory, "configs", "smoke", "nats.toml");
        string[] Accuracies(string folder) =>
            File.ReadAllLines(Path.Combine(folder, "benchmark.csv")).Select(l => string.Join(',', l.Split(',').Take(6))).ToArray();
        using var temp = new TempFolder();
        var sets = new List<string> { $"run.output=\"{temp.File("unused")}\"", "run.threads=1" };
        var local = new BenchmarkBuilder(recipe, sets, temp.File("local"), TestPlugins.Host);
        Assert.NotNull(local.Build(local.Plan(5, 2), CancellationToken.None));

        var lines = new List<string>();
        var processSets = sets.Concat(["executor.kind=\"process\"", "executor.max_parallel=2"]).ToList();
        var children = new BenchmarkBuilder(recipe, processSets, temp.File("children"), TestPlugins.Host) { Report = lines.Add };
        var built = children.Build(children.Plan(5, 2), CancellationToken.None);
        Assert.Equal(7, built!.Value.Done);
        Assert.Equal(7, lines.Count(l => l.Contains(": started (process ", StringComparison.Ordinal)));
        Assert.Equal(Accuracies(temp.File("local")), Accuracies(temp.File("children")));
        Assert.Equal(7, Directory.GetFiles(temp.File("children/process/logs"), "*.log").Length);
    }

    [Fact]
    public void A_unit_that_keeps_failing_is_retried_then_named_with_its_exit_code_and_log()
    {
        using var temp = new TempFolder();
        var executor = new ProcessExecutor(new ExecutorSection { Kind = "process", Retries = 1, PollSeconds = 0.2 }, temp.Path);
        var unit = new WorkUnit("broken unit", ["run", temp.File("missing.toml")], () => false, _ => throw new InvalidOperationException("not in process"));
        var lines = new List<string>();
        var error = Assert.Throws<UnitFailedException>(() => executor.Run([unit], lines.Add, CancellationToken.None));
        Assert.Contains("process ended (exit 2) without its result (attempt 1 of 2)", string.Join('\n', lines));
        Assert.Equal("broken unit", error.Unit);
        Assert.Contains("unit 'broken unit' failed 2 time(s); last process (exit 2), log ", error.Message);
        Assert.Contains("neither a config file nor a run folder", File.ReadAllText(error.Log));
    }

    [Fact]
    public void Dna_parts_as_child_processes_end_as_the_run_that_does_them_itself()
    {
        using var inline = new TempFolder();
        var (_, a) = Pipeline.RunPartsTests.Run(inline.Path, parts: null, overrides: "run.threads=1");
        using var split = new TempFolder();
        var section = new ExecutorSection { Kind = "process", MaxParallel = 2, PollSeconds = 0.2 };
        var (outcome, b) = Pipeline.RunPartsTests.Run(split.Path, null, overrides: "run.threads=1",
            partsExecutor: (_, folder) => IExecutor.For(section, folder));
        Assert.Equal(SearchPipeline.Outcome.Finished, outcome);
        Assert.Equal(7, Directory.GetFiles(Path.Combine(b.Path, "process", "logs"), "*.log").Length);
        Pipeline.RunPartsTests.AssertSameRun(a, b);
    }
}
