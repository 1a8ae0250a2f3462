using System.Globalization;
using System.Text;
using System.Text.Json;
using BossNas.Engine.Runs;

namespace BossNas.Engine.Execution;

/// <summary>
/// Runs units as Slurm array tasks: one generated script (<c>slurm/units.sh</c>, a case per unit running
/// <c>bossnas &lt;unit's arguments&gt;</c>), submitted with <c>sbatch --array</c>, watched with <c>squeue</c>. A unit whose
/// task left the queue without its result (failure, node loss, time limit, <c>scancel</c>) is resubmitted up to
/// <see cref="ExecutorSection.Retries"/> times and resumes from its checkpoint; then the run stops naming the unit,
/// its job and its log. Submitted job ids are kept in <c>slurm/jobs.json</c>, so a restarted coordinator waits for
/// units still queued or running instead of submitting them again, and skips units already done.
/// </summary>
public sealed class SlurmExecutor(ExecutorSection section, string workFolder) : IExecutor
{
    private readonly string _slurm = Path.Combine(Path.GetFullPath(workFolder), "slurm");

    /// <summary>States in which a job element is still alive.</summary>
    private static readonly HashSet<string> Alive = new(StringComparer.Ordinal)
        { "PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "REQUEUED", "RESIZING", "SUSPENDED", "REQUEUE_HOLD", "REQUEUE_FED", "SIGNALING", "STAGE_OUT" };

    private sealed class JobRecord
    {
        public string JobId { get; set; } = "";

        public int Attempts { get; set; }
    }

    /// <summary>Seconds before a task's time limit at which Slurm sends it SIGTERM.</summary>
    internal const int TermBeforeLimitSeconds = 120;

    /// <summary>squeue failures in a row the coordinator waits out (and for at least <see cref="QueueGrace"/>).</summary>
    internal int QueueRetries { get; init; } = 10;

    /// <summary>How long squeue may keep failing before the coordinator gives up.</summary>
    internal TimeSpan QueueGrace { get; init; } = TimeSpan.FromMinutes(2);

    /// <inheritdoc/>
    public bool Run(IReadOnlyList<WorkUnit> units, Action<string> report, CancellationToken cancel)
    {
        if (SlurmCli.Unavailable() is { } why) throw new InvalidOperationException($"executor.kind = \"slurm\": {why}");
        Directory.CreateDirectory(Path.Combine(_slurm, "logs"));
        var script = WriteScript(units);
        var jobs = Load();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var queueFailing = (Since: (DateTime?)null, Polls: 0);
        while (true)
        {
            // A failed squeue (slurmctld restarting, a timeout) is waited out for a while, not the end of the coordinator.
            Dictionary<string, string> queue;
            try
            {
                queue = SlurmCli.Queue();
                queueFailing = (null, 0);
            }
            catch (InvalidOperationException e)
            {
                queueFailing = (queueFailing.Since ?? DateTime.UtcNow, queueFailing.Polls + 1);
                if (queueFailing.Polls >= QueueRetries && DateTime.UtcNow - queueFailing.Since >= QueueGrace) throw;
                report($"{e.Message}; trying again (failing for {(DateTime.UtcNow - queueFailing.Since.Value).TotalSeconds:F0} s)");
                if (cancel.WaitHandle.WaitOne(TimeSpan.FromSeconds(section.PollSeconds))) return false;
                continue;
            }
            var submit = new List<int>();
            int waiting = 0;
            for (int i = 0; i < units.Count; i++)
            {
                var unit = units[i];
                if (unit.IsDone())
                {
                    if (jobs.ContainsKey(unit.Id) && reported.Add(unit.Id))
                    {
                        report($"{unit.Id}: done");
                        unit.Collected?.Invoke();
                    }
                    continue;
                }
                if (jobs.TryGetValue(unit.Id, out var job) && queue.TryGetValue(job.JobId, out var state) && Alive.Contains(state))
                {
                    waiting++;
                    continue;
                }
                if (job is not null)
                {
                    // Its task left the queue without the unit's result.
                    if (job.Attempts > section.Retries) throw new UnitFailedException(unit.Id, $"Slurm job {job.JobId}", LogOf(job.JobId), job.Attempts);
                    report($"{unit.Id}: job {job.JobId} ended without its result (attempt {job.Attempts} of {section.Retries + 1}); resubmitting, it resumes from its checkpoint");
                }
                submit.Add(i);
            }
            if (submit.Count == 0 && waiting == 0) return true;
            if (submit.Count > 0)
            {
                var jobId = Submit(script, submit);
                foreach (int i in submit)
                {
                    int attempts = jobs.TryGetValue(units[i].Id, out var old) ? old.Attempts + 1 : 1;
                    jobs[units[i].Id] = new JobRecord { JobId = $"{jobId}_{i}", Attempts = attempts };
                }
                Save(jobs);
                report($"submitted {submit.Count} unit(s) as Slurm job {jobId} (array {string.Join(',', submit)})");
            }
            if (cancel.WaitHandle.WaitOne(TimeSpan.FromSeconds(section.PollSeconds)))
            {
                report("stopped waiting; the submitted jobs keep running, run the same command again to collect them");
                return false;
            }
        }
    }

    private string Submit(string script, List<int> indices)
    {
        var args = new List<string>
        {
            "--parsable", "--job-name=bossnas", $"--output={Path.Combine(_slurm, "logs", "%A_%a.out")}",
            $"--array={string.Join(',', indices)}{(section.MaxParallel > 0 ? $"%{section.MaxParallel}" : "")}",
        };
        if (section.Partition.Length > 0) args.Add($"--partition={section.Partition}");
        if (section.Time.Length > 0) args.Add($"--time={section.Time}");
        // At its time limit a task gets SIGTERM this long before the kill, in time to checkpoint (the script execs bossnas,
        // so the batch shell that B: signals is bossnas itself); without it only KillWait would be left.
        args.Add(string.Create(CultureInfo.InvariantCulture, $"--signal=B:TERM@{TermBeforeLimitSeconds}"));
        if (section.CpusPerTask > 0) args.Add(string.Create(CultureInfo.InvariantCulture, $"--cpus-per-task={section.CpusPerTask}"));
        if (section.Mem.Length > 0) args.Add($"--mem={section.Mem}");
        if (section.Gres.Length > 0) args.Add($"--gres={section.Gres}");
        args.AddRange(section.ExtraArgs);
        args.Add(script);
        var (exit, output, err) = SlurmCli.Run("sbatch", args);
        if (exit != 0) throw new InvalidOperationException($"sbatch failed ({exit}): {err.Trim()}");
        return output.Trim().Split(';')[0];
    }

    private string WriteScript(IReadOnlyList<WorkUnit> units)
    {
        var command = section.Command.Length > 0 ? section.Command : SelfCommand.Shell();
        var sb = new StringBuilder("#!/usr/bin/env bash\n# Written by bossnas: one Slurm array task per unit of work; each resumes from its own run folder.\n");
        sb.Append("case \"$SLURM_ARRAY_TASK_ID\" in\n");
        for (int i = 0; i < units.Count; i++)
            sb.Append(CultureInfo.InvariantCulture, $"  {i}) exec {command} {string.Join(' ', units[i].Arguments.Select(Quote))} ;;  # {units[i].Id}\n");
        sb.Append("esac\necho \"no unit $SLURM_ARRAY_TASK_ID\" >&2\nexit 2\n");
        var path = Path.Combine(_slurm, "units.sh");
        File.WriteAllText(path, sb.ToString());
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return path;
    }

    private static string Quote(string s) => SelfCommand.Quote(s);

    private string LogOf(string jobId)
    {
        var parts = jobId.Split('_');
        return parts.Length == 2 ? Path.Combine(_slurm, "logs", $"{parts[0]}_{parts[1]}.out") : Path.Combine(_slurm, "logs");
    }

    private string JobsFile => Path.Combine(_slurm, "jobs.json");

    private Dictionary<string, JobRecord> Load() =>
        File.Exists(JobsFile) ? JsonFiles.Read<Dictionary<string, JobRecord>>(JobsFile, "the Slurm job list") : new();

    private void Save(Dictionary<string, JobRecord> jobs)
    {
        var tmp = JobsFile + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(jobs, new JsonSerializerOptions { WriteIndented = true }));
        File.Move(tmp, JobsFile, overwrite: true);
    }
}
