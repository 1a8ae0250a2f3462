using System.Diagnostics;
using System.Text.Json;
using BossNas.Engine.Compare;
using BossNas.Engine.Config;
using BossNas.Engine.Execution;
using BossNas.Tests.Support;

namespace BossNas.Tests.Execution;

/// <summary>
/// The Slurm executor on a real one-node cluster: a smoke comparison through Slurm equals the local one, a cancelled
/// array task is resubmitted and resumes to the same result, and a restarted coordinator submits nothing twice.
/// </summary>
[Collection("Torch")]
public sealed class SlurmExecutorTests : IClassFixture<SmokeBenchmark>
{
    private readonly SmokeBenchmark _bench;

    public SlurmExecutorTests(SmokeBenchmark bench) => _bench = bench;

    // One thread everywhere, so a Slurm task (cpus_per_task = 1) computes exactly what this process does.
    private string Config(TempFolder temp, bool slurm, string extra = "")
    {
        Directory.CreateDirectory(temp.File("bench"));
        File.Copy(_bench.Csv, temp.File("bench/benchmark.csv"), overwrite: true);
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", "smoke", "compare.toml"))
            .Replace("device = \"cpu\"", "device = \"cpu\"\nthreads = 1", StringComparison.Ordinal);
        if (slurm) text += "\n[executor]\nkind = \"slurm\"\ncpus_per_task = 1\npoll_seconds = 0.5\nretries = 2\n";
        var path = temp.File("compare.toml");
        File.WriteAllText(path, text + extra);
        return path;
    }

    private static string[][] Rows(CompareConfig config) =>
        File.ReadAllLines(Path.Combine(config.Folder, "results.csv")).Skip(1)
            .Select(l => l.Split(',')).Select(f => f.Take(6).Concat(f.Skip(9).Take(4)).ToArray()).ToArray();

    [Fact]
    public void A_comparison_through_slurm_gives_the_local_table()
    {
        RequireCluster();
        using var local = new TempFolder();
        var localConfig = CompareConfig.Load(Config(local, slurm: false), [], TestPlugins.Host);
        Assert.NotNull(new CompareRunner(localConfig, TestPlugins.Host).Run(["ensemble_bootstrapping", "spos", "random"], 1, CancellationToken.None));

        using var cluster = new TempFolder();
        var lines = new List<string>();
        var slurmConfig = CompareConfig.Load(Config(cluster, slurm: true), [], TestPlugins.Host);
        Assert.NotNull(new CompareRunner(slurmConfig, TestPlugins.Host) { Report = lines.Add }
            .Run(["ensemble_bootstrapping", "spos", "random"], 1, CancellationToken.None));
        Assert.Contains(lines, l => l.StartsWith("submitted 3 unit(s) as Slurm job", StringComparison.Ordinal));
        Assert.Equal(Rows(localConfig), Rows(slurmConfig));
        Assert.True(File.Exists(Path.Combine(slurmConfig.Folder, "slurm", "units.sh")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(slurmConfig.Folder, "slurm", "logs")));
    }

    [Fact]
    public async Task A_cancelled_array_task_is_resubmitted_resumes_and_ends_as_the_local_run()
    {
        RequireCluster();
        // A longer SPOS supernet (80 steps, a checkpoint every 2) so the task can be cancelled in the middle.
        const string longer = "\n[arms.spos.pipeline]\nphases = [\"supernet\", \"search\", \"retrain\", \"report\"]\n";
        var sets = new[] { "train.max_batches_per_epoch=40", "data.synthetic_count=1536", "run.checkpoint_every=2" };
        using var local = new TempFolder();
        var localConfig = CompareConfig.Load(Config(local, slurm: false, longer), sets, TestPlugins.Host);
        var reference = new CompareRunner(localConfig, TestPlugins.Host).Run(["spos"], 1, CancellationToken.None)!.Single();

        using var cluster = new TempFolder();
        var config = CompareConfig.Load(Config(cluster, slurm: true, longer), sets, TestPlugins.Host);
        var lines = new List<string>();
        var cancelled = new ManualResetEventSlim();
        var killer = Task.Run(() =>
        {
            var jobs = Path.Combine(config.Folder, "slurm", "jobs.json");
            var runs = Path.Combine(config.Folder, "runs", "spos-seed0");
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < TimeSpan.FromMinutes(3))
            {
                // Once the task has written a checkpoint of its supernet training, cancel it.
                var checkpoints = Directory.Exists(runs) ? Directory.GetFiles(runs, "ckpt-supernet-*.bin", SearchOption.AllDirectories) : [];
                if (checkpoints.Length > 0 && File.Exists(jobs))
                {
                    var job = JsonDocument.Parse(File.ReadAllText(jobs)).RootElement.GetProperty("spos seed 0").GetProperty("JobId").GetString()!;
                    Process.Start("scancel", job)!.WaitForExit();
                    cancelled.Set();
                    return job;
                }
                Thread.Sleep(100);
            }
            return "";
        });
        var result = new CompareRunner(config, TestPlugins.Host) { Report = lines.Add }.Run(["spos"], 1, CancellationToken.None)!.Single();
        var cancelledJob = await killer;
        Assert.True(cancelled.IsSet, "the task finished before it could be cancelled: " + string.Join(" | ", lines));
        Assert.Contains(lines, l => l.Contains($"job {cancelledJob} ended without its result (attempt 1 of 3)", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count(l => l.StartsWith("submitted 1 unit(s)", StringComparison.Ordinal)));
        Assert.Contains("Resuming", File.ReadAllText(Path.Combine(result.Folder, "log.txt")));
        Assert.Equal(reference.Architecture, result.Architecture);
        Assert.Equal(reference.TestAccuracy, result.TestAccuracy);
        Assert.Equal(reference.Benchmark!.KendallTauB, result.Benchmark!.KendallTauB);
    }

    [Fact]
    public void A_restarted_coordinator_waits_for_submitted_units_and_resubmits_no_finished_one()
    {
        RequireCluster();
        using var cluster = new TempFolder();
        var path = Config(cluster, slurm: true);
        using var stop = new CancellationTokenSource();
        var first = new List<string>();
        // The coordinator dies right after submitting: the tasks stay queued or running.
        var config = CompareConfig.Load(path, [], TestPlugins.Host);
        Assert.Null(new CompareRunner(config, TestPlugins.Host)
        {
            Report = l => { first.Add(l); if (l.StartsWith("submitted", StringComparison.Ordinal)) stop.Cancel(); },
        }.Run(["spos", "random"], 1, stop.Token));
        Assert.Single(first, l => l.StartsWith("submitted 2 unit(s)", StringComparison.Ordinal));

        var second = new List<string>();
        Assert.NotNull(new CompareRunner(CompareConfig.Load(path, [], TestPlugins.Host), TestPlugins.Host) { Report = second.Add }
            .Run(["spos", "random"], 1, CancellationToken.None));
        Assert.DoesNotContain(second, l => l.StartsWith("submitted", StringComparison.Ordinal));

        var third = new List<string>();
        Assert.NotNull(new CompareRunner(CompareConfig.Load(path, [], TestPlugins.Host), TestPlugins.Host) { Report = third.Add }
            .Run(["spos", "random"], 1, CancellationToken.None));
        Assert.DoesNotContain(third, l => l.StartsWith("submitted", StringComparison.Ordinal));
        Assert.Single(Directory.GetDirectories(Path.Combine(config.Folder, "runs", "spos-seed0")));
    }

    [Fact]
    public void A_benchmark_built_as_an_array_job_equals_the_local_build()
    {
        RequireCluster();
        using var temp = new TempFolder();
        var (local, cluster, done, lines, _) = BenchmarkBuilds.LocalAndWith(temp, "executor.kind=\"slurm\"", "executor.poll_seconds=0.5");
        Assert.Equal(7, done);
        Assert.Contains(lines, l => l.StartsWith("submitted 7 unit(s) as Slurm job", StringComparison.Ordinal));
        Assert.Equal(local, cluster);
    }

    [Fact]
    public void A_dna_run_with_its_parts_as_slurm_tasks_equals_the_run_that_does_them_itself()
    {
        RequireCluster();
        Pipeline.RunPartsTests.AssertSplitEqualsInline(new ExecutorSection { Kind = "slurm", CpusPerTask = 1, PollSeconds = 0.5 }, run =>
        {
            // Five block stages as one array, then retraining and the control as another.
            var log = File.ReadAllText(run.File("log.txt"));
            Assert.Contains("submitted 5 unit(s) as Slurm job", log);
            Assert.Contains("submitted 2 unit(s) as Slurm job", log);
            Assert.True(File.Exists(Path.Combine(run.Path, "parts", "stage3", "log.txt")));
        });
    }

    // These tests need a real cluster: the Cake Test task starts one (scripts/slurm-one-node.sh, as root).
    private static void RequireCluster() =>
        Assert.True(SlurmCli.Unavailable() is null, $"{SlurmCli.Unavailable()}; start one with scripts/slurm-one-node.sh (as root)");

    [Fact]
    public void Validate_names_the_executor_line_when_no_slurm_answers()
    {
        var previous = SlurmCli.Scontrol;
        SlurmCli.Scontrol = "/nonexistent/scontrol";
        try
        {
            using var temp = new TempFolder();
            var path = temp.File("c.toml");
            File.WriteAllText(path, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", "smoke", "nats.toml"))
                                    + "\n[executor]\nkind = \"slurm\"\n");
            int line = File.ReadAllLines(path).ToList().IndexOf("kind = \"slurm\"") + 1;
            var error = Assert.Throws<ConfigException>(() => RunConfig.Load(path, [], TestPlugins.Host));
            Assert.Contains($"{path}:{line}:1: executor.kind = \"slurm\", but no Slurm controller answers `scontrol ping` (scontrol is not installed)",
                error.Errors.Select(e => e.ToString()));
        }
        finally
        {
            SlurmCli.Scontrol = previous;
        }
    }

    [Fact]
    public void A_failing_squeue_is_waited_out_instead_of_stopping_the_coordinator()
    {
        RequireCluster();
        using var temp = new TempFolder();
        // squeue fails twice (as while slurmctld restarts), then answers; the coordinator must not give up on the first.
        var fake = temp.File("squeue");
        File.WriteAllText(fake, $"#!/bin/sh\nn=$(cat {temp.File("calls")} 2>/dev/null || echo 0); echo $((n + 1)) > {temp.File("calls")}\n" +
                                "[ \"$n\" -lt 2 ] && { echo 'slurm_load_jobs error: Socket timed out' >&2; exit 1; }\nexec squeue \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var previous = SlurmCli.Squeue;
        SlurmCli.Squeue = fake;
        try
        {
            var section = new ExecutorSection { Kind = "slurm", PollSeconds = 0.2 };
            var executor = new SlurmExecutor(section, temp.File("work"));
            var lines = new List<string>();
            var done = executor.Run([new WorkUnit("u", ["--version"], () => true, _ => true)], lines.Add, CancellationToken.None);
            Assert.True(done);
            Assert.Equal(2, lines.Count(l => l.Contains("squeue failed", StringComparison.Ordinal) && l.Contains("trying again", StringComparison.Ordinal)));
            Assert.Equal("3", File.ReadAllText(temp.File("calls")).Trim());
        }
        finally
        {
            SlurmCli.Squeue = previous;
        }
    }
}
