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
        using var temp = new TempFolder();
        var (local, children, done, lines, folder) = BenchmarkBuilds.LocalAndWith(temp, "executor.kind=\"process\"", "executor.max_parallel=2");
        Assert.Equal(7, done);
        Assert.Equal(7, lines.Count(l => l.Contains(": started (process ", StringComparison.Ordinal)));
        Assert.Equal(local, children);
        Assert.Equal(7, Directory.GetFiles(Path.Combine(folder, "process", "logs"), "*.log").Length);
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
    public void Dna_parts_as_child_processes_end_as_the_run_that_does_them_itself() =>
        Pipeline.RunPartsTests.AssertSplitEqualsInline(new ExecutorSection { Kind = "process", MaxParallel = 2, PollSeconds = 0.2 },
            run => Assert.Equal(7, Directory.GetFiles(Path.Combine(run.Path, "process", "logs"), "*.log").Length));
}
