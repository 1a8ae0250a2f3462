using System.Diagnostics;
using System.Globalization;
using BossNas.Engine.Benchmarks;
using BossNas.Engine.Runs;
using BossNas.Tests.Support;

namespace BossNas.Tests.Execution;

/// <summary>
/// The process executor's children and their run folders: a unit dies with its coordinator even when the coordinator is
/// killed with SIGKILL, and a unit whose folder another process holds waits for it instead of failing.
/// </summary>
[Collection("Torch")]
public sealed class ProcessExecutorLifetimeTests
{
    private static string Recipe => Path.Combine(AppContext.BaseDirectory, "configs", "smoke", "nats.toml");

    [Fact]
    public async Task A_unit_dies_with_its_coordinator_killed_with_sigkill_and_releases_its_run_folder()
    {
        if (!OperatingSystem.IsLinux()) return; // the parent-death signal is Linux's
        using var temp = new TempFolder();
        var bench = temp.File("bench");
        // A coordinator (bossnas benchmark with the process executor) whose first unit trains far longer than the test.
        var psi = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "bossnas.dll"), "benchmark", Recipe, "--out", bench, "--architectures", "2",
                "--repeats", "0", "--set", $"run.output=\"{temp.File("unused")}\"", "--set", "run.threads=1",
                "--set", "executor.kind=\"process\"", "--set", "retrain.epochs=100000",
            },
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        var output = new List<string>();
        using var coordinator = new Process { StartInfo = psi };
        coordinator.OutputDataReceived += (_, e) => { if (e.Data is { } l) lock (output) output.Add(l); };
        coordinator.ErrorDataReceived += (_, e) => { if (e.Data is { } l) lock (output) output.Add(l); };
        coordinator.Start();
        coordinator.BeginOutputReadLine();
        coordinator.BeginErrorReadLine();
        int child = 0;
        string? unitFolder = null;
        try
        {
            // Until the child holds its unit's run folder (its PID in run.pid): it is well past its start then.
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (unitFolder is null && DateTime.UtcNow < deadline && !coordinator.HasExited)
            {
                await Task.Delay(200);
                if (child == 0)
                {
                    lock (output) child = output.Select(StartedPid).FirstOrDefault(p => p != 0);
                    continue;
                }
                var runs = Path.Combine(bench, "runs");
                unitFolder = Directory.Exists(runs)
                    ? Directory.GetDirectories(runs).FirstOrDefault(d => ReadPid(Path.Combine(d, "run.pid")) == child)
                    : null;
            }
            Assert.True(unitFolder is not null, $"no unit holding its folder; coordinator said:\n{Said(output)}");
            Assert.True(Alive(child));

            coordinator.Kill(); // SIGKILL: the coordinator cannot stop its children itself
            await coordinator.WaitForExitAsync();

            var gone = DateTime.UtcNow.AddSeconds(30);
            while (Alive(child) && DateTime.UtcNow < gone) await Task.Delay(200);
            Assert.False(Alive(child), $"unit process {child} outlived its coordinator killed with SIGKILL");
            // It let go of its folder: a rerun is not refused (this throws RunFolderInUseException otherwise).
            RunFolderLock.Acquire(RunFolder.Open(unitFolder!)).Dispose();
        }
        finally
        {
            if (!coordinator.HasExited) coordinator.Kill();
            if (child != 0 && Alive(child))
                try { Process.GetProcessById(child).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
        }
    }

    [Fact]
    public void A_unit_whose_run_folder_is_held_waits_for_the_holder_without_using_an_attempt()
    {
        using var temp = new TempFolder();
        var sets = new List<string> { $"run.output=\"{temp.File("unused")}\"", "run.threads=1", "executor.kind=\"process\"", "executor.retries=0" };
        var lines = new List<string>();
        RunFolderLock? held = null;
        Task? release = null;
        var builder = new BenchmarkBuilder(Recipe, sets, temp.File("bench"), TestPlugins.Host)
        {
            Report = line =>
            {
                lock (lines) lines.Add(line);
                // Let go a moment after the unit was seen waiting (a unit that failed instead ends the build first).
                if (line.Contains(": waiting for process ", StringComparison.Ordinal))
                    release ??= Task.Run(async () => { await Task.Delay(1500); held!.Dispose(); });
            },
        };
        var plan = builder.Plan(2, 0);
        var first = plan.Units.First();
        var folder = Directory.CreateDirectory(Path.Combine(builder.RunsFolder, first.FolderName)).FullName;
        held = RunFolderLock.Acquire(RunFolder.Open(folder)); // as a unit of a coordinator killed a moment ago would
        try
        {
            var built = builder.Build(plan, CancellationToken.None);
            var said = string.Join('\n', lines);
            Assert.True(built is { Done: 2 }, said);
            var id = string.Create(CultureInfo.InvariantCulture, $"{first.Architecture} seed {first.Seed}");
            Assert.Contains($"{id}: waiting for process {Environment.ProcessId} to release run folder {folder}", said);
            Assert.Contains($"{id}: run folder {folder} is free; starting the unit again", said);
            Assert.DoesNotContain("attempt", said);
            Assert.NotNull(BenchmarkUnitResult.Read(Path.Combine(folder, "result.json")));
        }
        finally
        {
            release?.Wait();
            held.Dispose();
        }
    }

    private static int StartedPid(string line)
    {
        const string marker = ": started (process ";
        int at = line.IndexOf(marker, StringComparison.Ordinal);
        return at >= 0 && int.TryParse(line.AsSpan(at + marker.Length).TrimEnd(')'), CultureInfo.InvariantCulture, out int pid) ? pid : 0;
    }

    private static int ReadPid(string file)
    {
        try
        {
            return int.TryParse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture, out int pid) ? pid : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    // Alive: not gone and not a zombie waiting to be reaped.
    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string Said(List<string> output)
    {
        lock (output) return string.Join('\n', output);
    }
}
