namespace BossNas.Engine.Execution;

/// <summary>The default executor: units one after another in this process, skipping those already done.</summary>
public sealed class LocalExecutor : IExecutor
{
    /// <inheritdoc/>
    public bool Run(IReadOnlyList<WorkUnit> units, Action<string> report, CancellationToken cancel)
    {
        foreach (var unit in units)
        {
            if (unit.IsDone())
            {
                report($"{unit.Id}: finished before");
                continue;
            }
            if (cancel.IsCancellationRequested || !unit.RunHere(cancel)) return false;
        }
        return true;
    }
}
