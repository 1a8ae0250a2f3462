using System.Diagnostics;
using System.Globalization;
using System.Text;
using BossNas.Engine.Runs;

namespace BossNas.Engine.Execution;

/// <summary>
/// Runs each unit as a child process on this machine (<c>bossnas &lt;unit's arguments&gt;</c>, the command a Slurm task
/// runs), up to <see cref="ExecutorSection.MaxParallel"/> at once (0: one). A unit's memory goes back to the system
/// when it ends, so a long build does not accumulate what libtorch keeps per network shape (oneDNN's kernel cache,
/// allocator pools), and a unit that crashes takes only itself down: it is started again, up to
/// <see cref="ExecutorSection.Retries"/> times, and resumes from its checkpoint. Output goes to
/// <c>process/logs/&lt;unit&gt;.log</c>. When stopped, the children get SIGTERM (they write a checkpoint and exit); a
/// coordinator that is killed outright takes them along too (<see cref="CoordinatorLink"/>). A unit refused because
/// another process holds its run folder (e.g. a child of a coordinator killed a moment ago, still checkpointing) has not
/// failed: it waits, without using up an attempt, until the folder's lock is free (at most <see cref="HolderWait"/>).
/// </summary>
public sealed class ProcessExecutor(ExecutorSection section, string workFolder) : IExecutor
{
    private readonly string _logs = Path.Combine(Path.GetFullPath(workFolder), "process", "logs");

    /// <summary>The longest a unit waits for another process to release its run folder before it counts as failed.</summary>
    internal TimeSpan HolderWait { get; init; } = TimeSpan.FromMinutes(30);

    private sealed class Running(WorkUnit unit, Process process, string log)
    {
        public WorkUnit Unit => unit;
        public Process Process => process;
        public string Log => log;

        /// <summary>Set once the child's standard error has ended (every line of it seen).</summary>
        public TaskCompletionSource ErrorEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The run folder the child was refused, and its holder, when it said so.</summary>
        public (string Folder, string Holder)? Refused { get; set; }
    }

    private sealed record Waiting(WorkUnit Unit, string Folder, string Holder, string Log, int Exit);

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
        var waiting = new List<Waiting>();
        // Since when a unit has been refused its run folder (kept over refusals, so a folder that looks free to this
        // process but keeps refusing the child cannot loop forever).
        var waitingSince = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        int parallel = Math.Max(1, section.MaxParallel);
        try
        {
            while (pending.Count > 0 || running.Count > 0 || waiting.Count > 0)
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
                    // Its last lines may still be on their way (a grandchild holding the pipe is not waited for long).
                    r.ErrorEnded.Task.Wait(TimeSpan.FromSeconds(10));
                    r.Process.Dispose();
                    if (r.Unit.IsDone())
                    {
                        waitingSince.Remove(r.Unit.Id);
                        report($"{r.Unit.Id}: done");
                        r.Unit.Collected?.Invoke();
                        continue;
                    }
                    if (cancel.IsCancellationRequested) continue;
                    if (r.Refused is var (folder, holder))
                    {
                        // Not a failure: the unit's folder belongs to another process for now. Waiting for it does not
                        // use up an attempt, so an immediate rerun after a killed coordinator does not spend its retries.
                        attempts[r.Unit.Id]--;
                        bool first = waitingSince.TryAdd(r.Unit.Id, DateTime.UtcNow);
                        report(first
                            ? string.Create(CultureInfo.InvariantCulture,
                                $"{r.Unit.Id}: waiting for process {holder} to release run folder {folder} (at most {HolderWait.TotalMinutes:0.#} min); the unit starts again then")
                            : $"{r.Unit.Id}: run folder {folder} is in use by process {holder} again; still waiting");
                        waiting.Add(new Waiting(r.Unit, folder, holder, r.Log, exit));
                        continue;
                    }
                    waitingSince.Remove(r.Unit.Id);
                    if (attempts[r.Unit.Id] > section.Retries)
                        throw new UnitFailedException(r.Unit.Id, string.Create(CultureInfo.InvariantCulture, $"process (exit {exit})"), r.Log, attempts[r.Unit.Id]);
                    report(string.Create(CultureInfo.InvariantCulture,
                        $"{r.Unit.Id}: process ended (exit {exit}) without its result (attempt {attempts[r.Unit.Id]} of {section.Retries + 1}); starting it again, it resumes from its checkpoint"));
                    pending.Enqueue(r.Unit);
                }
                foreach (var w in waiting.ToList())
                {
                    if (w.Unit.IsDone())
                    {
                        // The holder finished it.
                        waiting.Remove(w);
                        waitingSince.Remove(w.Unit.Id);
                        report($"{w.Unit.Id}: done (by process {w.Holder})");
                        w.Unit.Collected?.Invoke();
                    }
                    else if (!RunFolderLock.IsHeld(w.Folder))
                    {
                        waiting.Remove(w);
                        report($"{w.Unit.Id}: run folder {w.Folder} is free; starting the unit again");
                        pending.Enqueue(w.Unit);
                    }
                    else if (DateTime.UtcNow - waitingSince[w.Unit.Id] > HolderWait)
                    {
                        throw new UnitFailedException(w.Unit.Id, string.Create(CultureInfo.InvariantCulture,
                                $"process (exit {w.Exit}): run folder {w.Folder} still in use by process {w.Holder} after {HolderWait.TotalMinutes:0.#} min"),
                            w.Log, attempts[w.Unit.Id] + 1);
                    }
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
        // The child dies with this process (CoordinatorLink). Linux sends that signal when the thread that started the
        // child ends: Run starts its children on its own thread and returns only when none is left.
        info.Environment[CoordinatorLink.Variable] = CoordinatorLink.ThisProcess();
        var writer = new StreamWriter(log, append: true, Encoding.UTF8) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var running = new Running(unit, process, log);
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) lock (writer) writer.WriteLine(line); };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                running.ErrorEnded.TrySetResult();
                return;
            }
            lock (writer) writer.WriteLine(line);
            // The child's "error: run folder … is in use by process …" (RunFolderInUseException).
            if (RunFolderInUseException.TryParse(line, out var folder, out var holder)) running.Refused = (folder, holder);
        };
        process.Exited += (_, _) =>
        {
            process.WaitForExit();
            lock (writer) writer.Dispose();
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
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
