namespace BossNas.Engine.Training;

/// <summary>Where a stage stands: the next optimiser step to run, as (epoch, step in epoch).</summary>
/// <param name="Epoch">Epoch within the stage.</param>
/// <param name="StepInEpoch">Optimiser step within the epoch.</param>
/// <param name="Step">Optimiser step within the stage.</param>
internal sealed record StagePosition(int Epoch, int StepInEpoch, int Step)
{
    /// <summary>The start of a stage.</summary>
    public static StagePosition Start { get; } = new(0, 0, 0);
}
