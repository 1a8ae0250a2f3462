namespace BossNas.Engine.Execution;

/// <summary>A unit failed more often than <see cref="ExecutorSection.Retries"/> allows.</summary>
public sealed class UnitFailedException(string unit, string jobId, string log, int attempts)
    : Exception($"unit '{unit}' failed {attempts} time(s); last {jobId}, log {log}")
{
    /// <summary>The unit.</summary>
    public string Unit => unit;

    /// <summary>The last job: <c>Slurm job 123_4</c> or <c>process 4567 (exit 1)</c>.</summary>
    public string JobId => jobId;

    /// <summary>The last job's log file.</summary>
    public string Log => log;
}
