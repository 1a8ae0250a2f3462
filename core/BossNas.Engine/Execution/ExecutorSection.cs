using BossNas.Core.Components;

namespace BossNas.Engine.Execution;

/// <summary>
/// <c>[executor]</c>: where independent units of work run (a compare arm × seed, a benchmark architecture × seed). Not
/// part of a run's resolved config or hash: moving work from this machine to a cluster does not change the work.
/// </summary>
public sealed class ExecutorSection : IValidatableOptions
{
    /// <summary>local or slurm.</summary>
    [Help("local: units run one after another in this process; process: each unit in a child process on this machine, " +
          "max_parallel at once; slurm: each unit is a Slurm array task (sbatch), waited for with squeue and collected from " +
          "the shared folder")]
    public string Kind { get; set; } = "local";

    /// <summary>sbatch --partition.</summary>
    [Help("slurm: --partition (empty: the cluster's default)")]
    public string Partition { get; set; } = "";

    /// <summary>sbatch --time.</summary>
    [Help("slurm: --time per unit, e.g. \"02:00:00\" (empty: the partition's default)")]
    public string Time { get; set; } = "";

    /// <summary>sbatch --cpus-per-task.</summary>
    [Help("slurm: --cpus-per-task (0: not passed); a unit's libtorch uses this many threads")]
    [Range(0, 4096)]
    public int CpusPerTask { get; set; } = 1;

    /// <summary>sbatch --mem.</summary>
    [Help("slurm: --mem, e.g. \"8G\" (empty: not passed)")]
    public string Mem { get; set; } = "";

    /// <summary>sbatch --gres.</summary>
    [Help("slurm: --gres, e.g. \"gpu:1\" for one GPU per unit (empty: none)")]
    public string Gres { get; set; } = "";

    /// <summary>Array throttle.</summary>
    [Help("slurm: at most this many units of one submission run at once (--array=...%N; 0: no limit); process: child " +
          "processes at once (0: one)")]
    [Range(0, 100000)]
    public int MaxParallel { get; set; }

    /// <summary>Further sbatch arguments.</summary>
    [Help("slurm: further sbatch arguments, e.g. [\"--account=nas\", \"--qos=short\"]")]
    public List<string> ExtraArgs { get; set; } = new();

    /// <summary>Resubmissions of a failed unit.</summary>
    [Help("slurm, process: times a unit that failed or was killed (node failure, time limit, scancel, a crash) is started again; it resumes from its checkpoint")]
    [Range(0, 100)]
    public int Retries { get; set; } = 2;

    /// <summary>Polling interval.</summary>
    [Help("slurm: seconds between squeue polls")]
    [Range(0.1, 3600)]
    public double PollSeconds { get; set; } = 5;

    /// <summary>The command that runs bossnas on the nodes.</summary>
    [Help("slurm, process: the command that runs bossnas on a node (empty: this very program, e.g. dotnet /path/bossnas.dll)")]
    public string Command { get; set; } = "";

    /// <inheritdoc/>
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Kind is not ("local" or "process" or "slurm")) yield return ("kind", $"'{Kind}' is not local, process or slurm");
    }
}
