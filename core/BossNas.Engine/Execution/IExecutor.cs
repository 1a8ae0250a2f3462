namespace BossNas.Engine.Execution;

/// <summary>Runs independent units of work to completion (see <see cref="ExecutorSection"/>).</summary>
public interface IExecutor
{
    /// <summary>Runs every unit not done yet; returns false when interrupted (each unit resumes on the next call).</summary>
    /// <exception cref="UnitFailedException">A unit kept failing.</exception>
    bool Run(IReadOnlyList<WorkUnit> units, Action<string> report, CancellationToken cancel);

    /// <summary>The executor the section asks for.</summary>
    static IExecutor For(ExecutorSection section, string workFolder) => section.Kind switch
    {
        "slurm" => new SlurmExecutor(section, workFolder),
        "process" => new ProcessExecutor(section, workFolder),
        _ => new LocalExecutor(),
    };
}
