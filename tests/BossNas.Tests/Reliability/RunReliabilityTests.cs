using System.Diagnostics;
using System.Text.Json;
using BossNas.Cli;
using BossNas.Core.Components;
using BossNas.Engine.Config;
using BossNas.Engine.Data;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Plugins;
using BossNas.Engine.Runs;
using BossNas.Tests.Support;

namespace BossNas.Tests.Reliability;

/// <summary>
/// Nothing lost, nothing crashes: a damaged newest checkpoint, a second process on a run folder, a failed start, a
/// run name that escapes the output, I/O failures, plugin folders that add nothing, and SIGTERM.
/// </summary>
[Collection("Torch")]
public sealed class RunReliabilityTests
{
    private static string Smoke(string space) => Path.Combine(AppContext.BaseDirectory, "configs", "smoke", $"{space}.toml");

    private static (PhaseRunner.Outcome Outcome, RunFolder Folder) Run(string target, string output, CancellationToken cancel = default,
        Action<string, BossNas.Engine.Training.StepMetrics>? observer = null, params string[] sets) =>
        RunLauncher.Launch(target, sets.Append($"run.output=\"{output}\"").ToArray(), TestPlugins.Host,
            new RunLauncher.Options(false, false, false) { StepObserver = observer }, cancel);

    private static string Architecture(RunFolder f) =>
        JsonDocument.Parse(File.ReadAllText(f.File("architecture.json"))).RootElement.GetProperty("architecture").GetString()!;

    private static List<string> Tests(RunFolder f) => MetricsWriter.Read(f.File("metrics.jsonl"), "test")
        .Select(t => $"{t.GetProperty("phase").GetString()}={t.GetProperty("test_accuracy").GetDouble():R}").ToList();

    private static List<long> Steps(RunFolder f) =>
        MetricsWriter.Read(f.File("metrics.jsonl"), "step").Select(s => s.GetProperty("global_step").GetInt64()).ToList();

    [Fact]
    public void A_run_stopped_before_its_first_checkpoint_does_not_claim_one()
    {
        using var temp = new TempFolder();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel(); // SIGTERM as the run starts
        var (outcome, folder) = Run(Smoke("nats"), temp.File("runs"), cancel.Token);
        Assert.Equal(PhaseRunner.Outcome.Interrupted, outcome);
        Assert.Empty(new BossNas.Engine.Checkpoints.CheckpointStore(folder.Path).Candidates());
        var log = File.ReadAllText(folder.File("log.txt"));
        Assert.Contains("no checkpoint was written yet", log);
        Assert.DoesNotContain("checkpoint written", log);
    }

    [Fact]
    public void A_damaged_newest_checkpoint_resumes_from_the_one_before_and_ends_as_an_undamaged_run()
    {
        using var temp = new TempFolder();
        var (_, straight) = Run(Smoke("nats"), temp.File("straight"));

        using var cancel = new CancellationTokenSource();
        var (first, folder) = Run(Smoke("nats"), temp.File("damaged"), cancel.Token,
            (phase, m) => { if (phase == "supernet" && m.GlobalStep == 6) cancel.Cancel(); });
        Assert.Equal(PhaseRunner.Outcome.Interrupted, first);
        var newest = Directory.GetFiles(folder.File("checkpoints"), "ckpt-*.bin").OrderByDescending(File.GetLastWriteTimeUtc).First();
        var bytes = File.ReadAllBytes(newest);
        File.WriteAllBytes(newest, bytes[..(bytes.Length / 2)]); // truncated, as by a full disk

        var (second, again) = Run(folder.Path, temp.File("damaged"));
        Assert.Equal(PhaseRunner.Outcome.Finished, second);
        Assert.Contains("skipped: " + Path.GetFileName(newest), File.ReadAllText(again.File("log.txt")));
        Assert.Equal(Architecture(straight), Architecture(again));
        Assert.Equal(Tests(straight), Tests(again));
        // Redone steps replaced their records: every step once, as in the uninterrupted run.
        Assert.Equal(Steps(straight), Steps(again));
    }

    [Fact]
    public void A_second_process_on_a_run_folder_is_refused_with_the_holders_pid_and_the_folder_resumes_afterwards()
    {
        using var temp = new TempFolder();
        using var cancel = new CancellationTokenSource();
        var (first, folder) = Run(Smoke("nats"), temp.File("runs"), cancel.Token,
            (phase, m) => { if (m.GlobalStep == 3) cancel.Cancel(); });
        Assert.Equal(PhaseRunner.Outcome.Interrupted, first);
        using (RunFolderLockProbe.Hold(folder))
        {
            var e = Assert.Throws<RunFolderInUseException>(() => Run(folder.Path, temp.File("runs")));
            Assert.Contains($"in use by process {Environment.ProcessId}", e.Message);
            // The same config started again picks the same unfinished folder and is refused too.
            Assert.Throws<RunFolderInUseException>(() => Run(Smoke("nats"), temp.File("runs")));
        }
        var (second, again) = Run(folder.Path, temp.File("runs"));
        Assert.Equal(PhaseRunner.Outcome.Finished, second);
        Assert.True(File.Exists(again.File("report.md")));
        Assert.False(File.Exists(again.File("run.pid")));
    }

    [Fact]
    public void A_failed_start_leaves_nothing_that_blocks_the_corrected_run()
    {
        using var temp = new TempFolder();
        var bad = new[] { "data.dataset=\"imagefolder\"", $"data.root=\"{temp.File("no-such-data")}\"" };
        Assert.Throws<DataFormatException>(() => Run(Smoke("nats"), temp.File("runs"), sets: bad));
        Assert.Empty(Directory.Exists(temp.File("runs/smoke-nats")) ? Directory.GetDirectories(temp.File("runs/smoke-nats")) : []);
        var (outcome, _) = Run(Smoke("nats"), temp.File("runs")); // the corrected config: not refused as "changed"
        Assert.Equal(PhaseRunner.Outcome.Finished, outcome);
    }

    [Theory]
    [InlineData("../../esc")]
    [InlineData("/tmp/abs")]
    [InlineData("..")]
    public void A_run_name_outside_the_output_root_is_a_config_error_at_its_line(string name)
    {
        using var temp = new TempFolder();
        var e = Assert.Throws<ConfigException>(() => RunConfig.Load(Smoke("nats"), new[] { $"run.name=\"{name}\"" }, TestPlugins.Host));
        var error = Assert.Single(e.Errors);
        Assert.Contains("is not a folder name", error.Message);
        Assert.Contains("name", error.ToString());
    }

    [Fact]
    public void An_output_that_is_a_file_is_a_config_error_at_the_output_key_and_exit_2()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("out"), "a file where the output folder should be");
        var config = temp.File("run.toml");
        File.WriteAllText(config, File.ReadAllText(Smoke("nats")).Replace("output = \"runs\"", $"output = \"{temp.File("out")}\"", StringComparison.Ordinal));
        var line = File.ReadAllLines(config).ToList().FindIndex(l => l.StartsWith("output = ", StringComparison.Ordinal)) + 1;
        Assert.True(line > 0);
        foreach (var command in new[] { new[] { "run", config }, new[] { "train", config, "--arch", "01|10|1" } })
        {
            var stderr = new StringWriter();
            int code = BossNasCli.Run(command, new StringWriter(), stderr);
            Assert.Equal(ExitCodes.BadInput, code);
            Assert.StartsWith($"{config}:{line}:1: run.output: cannot create a run folder in {temp.File("out")}", stderr.ToString());
            Assert.DoesNotContain("   at ", stderr.ToString());
        }
    }

    [Fact]
    public void Plugin_folders_that_add_nothing_or_want_another_core_are_reported_with_the_reason()
    {
        using var temp = new TempFolder();
        var folder = Directory.CreateDirectory(temp.File("root/StbImageSharp")).FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "StbImageSharp.dll"), Path.Combine(folder, "StbImageSharp.dll"));
        using var host = PluginHost.Load(new[] { temp.File("root") });
        var failure = Assert.Single(host.Failures);
        Assert.Contains("no [Component] class", failure.Reason);
        Assert.Contains("did not load", host.UnknownMessage(ComponentKind.Searcher, "x"));

        var hostCore = typeof(BossNas.Core.Spaces.ISearchSpace).Assembly.GetName().Version!;
        Assert.Equal(new Version(0, 4, 0, 0), hostCore);
        var problem = PluginHost.CoreVersionProblem(new Version(0, 3, 0, 0), hostCore);
        Assert.Contains("built against BossNas.Core 0.3, but this host has BossNas.Core 0.4 (package 0.4.", problem);
        Assert.Contains("BossNas.Core 0.4.*", problem);
        Assert.Null(PluginHost.CoreVersionProblem(new Version(0, 4, 0, 0), hostCore));

        // An empty plugin folder, and an assembly put straight into the root instead of a folder of its own, say so.
        Directory.CreateDirectory(temp.File("empty"));
        using var empty = PluginHost.Load(new[] { temp.File("empty") });
        Assert.Contains("is empty", Assert.Single(empty.Failures).Reason);
        Directory.CreateDirectory(temp.File("flat"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "StbImageSharp.dll"), temp.File("flat/StbImageSharp.dll"));
        using var flat = PluginHost.Load(new[] { temp.File("flat") });
        Assert.Contains($"move it to {temp.File("flat/StbImageSharp/StbImageSharp.dll")}", Assert.Single(flat.Failures).Reason);
    }

    [Fact]
    public async Task Sigterm_checkpoints_and_exits_143_and_the_run_resumes()
    {
        using var temp = new TempFolder();
        var cli = Path.Combine(AppContext.BaseDirectory, "bossnas.dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { cli, "run", Smoke("nats"), "--set", $"run.output=\"{temp.File("runs")}\"", "--set", "train.epochs=12" },
            RedirectStandardError = true, RedirectStandardOutput = true,
        };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? metrics = null;
        while (DateTime.UtcNow < deadline && !p.HasExited)
        {
            metrics ??= Directory.Exists(temp.File("runs")) ? Directory.GetFiles(temp.File("runs"), "metrics.jsonl", SearchOption.AllDirectories).FirstOrDefault() : null;
            if (metrics is not null && File.ReadAllText(metrics).Contains("\"kind\":\"step\"", StringComparison.Ordinal)) break;
            await Task.Delay(100);
        }
        Assert.False(p.HasExited, "the run ended before it could be stopped");
        using (var kill = Process.Start("kill", $"-TERM {p.Id}")) await kill!.WaitForExitAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60))) await p.WaitForExitAsync(timeout.Token);
        string stderr = await err, stdout = await output;
        Assert.True(p.ExitCode == ExitCodes.Terminated, $"exit {p.ExitCode}: {stderr}{stdout}");
        Assert.Contains("SIGTERM", stderr);
        var folder = Path.GetDirectoryName(metrics)!;
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(folder, "checkpoints"), "ckpt-*.bin"));
        var (outcome, _) = Run(folder, temp.File("runs"), sets: "train.epochs=12");
        Assert.Equal(PhaseRunner.Outcome.Finished, outcome);
    }

    /// <summary>Holds a run folder's lock as another process would (a lock is per open file, even within one process).</summary>
    private static class RunFolderLockProbe
    {
        public static IDisposable Hold(RunFolder folder) => RunFolderLock.Acquire(folder);
    }
}
