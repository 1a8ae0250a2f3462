namespace BossNas.Engine.Execution;

/// <summary>
/// One independent, resumable piece of work: run in this process by the local executor, or as
/// <c>bossnas &lt;Arguments&gt;</c> by a Slurm array task, in both cases resuming from its own run folder.
/// </summary>
/// <param name="Id">Short name for logs and errors, e.g. <c>spos seed 0</c>.</param>
/// <param name="Arguments">The bossnas command line that runs exactly this unit.</param>
/// <param name="IsDone">Whether the unit's result is in the shared folder.</param>
/// <param name="RunHere">Runs the unit in this process; false when interrupted.</param>
public sealed record WorkUnit(string Id, IReadOnlyList<string> Arguments, Func<bool> IsDone, Func<CancellationToken, bool> RunHere)
{
    /// <summary>Called when an executor that runs units elsewhere sees this one done (e.g. to update a table as it fills).</summary>
    public Action? Collected { get; init; }
}
