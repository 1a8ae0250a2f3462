namespace BossNas.Engine.Pipeline;

/// <summary>Thrown after a checkpoint when the user asked the run to stop; the pipeline ends the run as interrupted.</summary>
internal sealed class RunInterruptedException(string where) : Exception($"interrupted in {where}")
{
    /// <summary>Where the run stopped (phase, stage, step).</summary>
    public string Where { get; } = where;
}
