using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace BossNas.Engine.Execution;

/// <summary>
/// Runs each unit as a child process on this machine (<c>bossnas &lt;unit's arguments&gt;</c>, the command a Slurm task
/// runs), up to <see cref="ExecutorSection.MaxParallel"/> at once (0: one). A unit's memory goes back to the system
/// when it ends, so a long build does not accumulate what libtorch keeps per network shape (oneDNN's kernel cache,
/// allocator pools), and a unit that crashes takes only itself down: it is started again, up to
/// <see cref="ExecutorSection.Retries"/> times, and resumes from its checkpoint. Output goes to
/// <c>process/logs/&lt;unit&gt;.log</c>. When stopped, the children get SIGTERM (they write a checkpoint and exit).
/// </summary>
public sealed class ProcessExecutor(ExecutorSection section, string workFolder) : IExecutor
{
    private readonly string _logs = Path.Combine(Path.GetFullPath(workFolder), "process", "logs");

    private sealed record Running(WorkUnit Unit, Process Process, string Log);

    /// <inheritdoc/>
    public bool Run(IReadOnlyList<WorkUnit> units, Action<string> report, CancellationToken cancel)
    {
        Directory.CreateDirectory(_logs);
        var pending = new Queue<WorkUnit>();
        foreach (var unit in units)
        {
            if (unit.IsDone()) report($"{unit.Id}: finished before");
            else pending.Enqueue(unit);
        }
        var attempts = new Dictionary<string, int>(StringComparer.Ordinal);
        var running = new List<Running>();
        int parallel = Math.Max(1, section.MaxParallel);
        try
        {
            while (pending.Count > 0 || running.Count > 0)
            {
                while (running.Count < parallel && pending.Count > 0 && !cancel.IsCancellationRequested)
                {
                    var unit = pending.Dequeue();
                    attempts[unit.Id] = attempts.GetValueOrDefault(unit.Id) + 1;
                    running.Add(Start(unit));
                    report($"{unit.Id}: started (process {running[^1].Process.Id})");
                }
                if (cancel.IsCancellationRequested)
                {
                    Stop(running);
                    report("stopped; the units resume from their checkpoints when the same command runs again");
                    return false;
                }
                cancel.WaitHandle.WaitOne(TimeSpan.FromSeconds(Math.Min(section.PollSeconds, 1)));
                foreach (var r in running.Where(r => r.Process.HasExited).ToList())
                {
                    running.Remove(r);
                    int exit = r.Process.ExitCode;
                    r.Process.Dispose();
                    if (r.Unit.IsDone())
                    {
                        report($"{r.Unit.Id}: done");
                        r.Unit.Collected?.Invoke();
                        continue;
                    }
                    if (cancel.IsCancellationRequested) continue;
                    if (attempts[r.Unit.Id] > section.Retries)
                        throw new UnitFailedException(r.Unit.Id, string.Create(CultureInfo.InvariantCulture, $"process (exit {exit})"), r.Log, attempts[r.Unit.Id]);
                    report(string.Create(CultureInfo.InvariantCulture,
                        $"{r.Unit.Id}: process ended (exit {exit}) without its result (attempt {attempts[r.Unit.Id]} of {section.Retries + 1}); starting it again, it resumes from its checkpoint"));
                    pending.Enqueue(r.Unit);
                }
            }
            return true;
        }
        catch
        {
            Stop(running);
            throw;
        }
    }

    private Running Start(WorkUnit unit)
    {
        var log = Path.Combine(_logs, string.Concat(unit.Id.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_')) + ".log");
        ProcessStartInfo info;
        if (section.Command.Length > 0)
        {
            info = new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", $"exec {section.Command} {string.Join(' ', unit.Arguments.Select(SelfCommand.Quote))}" } };
        }
        else
        {
            var (program, prefix) = SelfCommand.Start();
            info = new ProcessStartInfo(program);
            foreach (var a in prefix.Concat(unit.Arguments)) info.ArgumentList.Add(a);
        }
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.Environment["CI"] = "1";   // no live progress display in a log file
        var writer = new StreamWriter(log, append: true, Encoding.UTF8) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) lock (writer) writer.WriteLine(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) lock (writer) writer.WriteLine(line); };
        process.Exited += (_, _) =>
        {
            process.WaitForExit();
            lock (writer) writer.Dispose();
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new Running(unit, process, log);
    }

    /// <summary>SIGTERM to every child (each checkpoints and exits), then waits for them.</summary>
    private static void Stop(List<Running> running)
    {
        foreach (var r in running.Where(r => !r.Process.HasExited))
        {
            try
            {
                using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", r.Process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
                kill?.WaitForExit();
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                r.Process.Kill();
            }
        }
        foreach (var r in running)
        {
            if (!r.Process.WaitForExit(TimeSpan.FromMinutes(2))) r.Process.Kill(entireProcessTree: true);
            r.Process.Dispose();
        }
        running.Clear();
    }
}
