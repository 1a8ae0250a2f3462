using BossNas.Core.Components;

namespace BossNas.Engine.Config;

/// <summary>
/// <c>[teacher]</c>: the <c>teacher</c> phase (DNA and other distilling strategies). It trains the teacher network
/// supervised on the run's training data with this budget, or loads one that <c>bossnas train</c> produced.
/// </summary>
public sealed class TeacherSection : OptimSection
{
    /// <summary>The teacher's architecture: empty for the space's largest, else an encoding or a named architecture.</summary>
    [Help("teacher architecture of the search space: \"\" = its largest (most MAdds), or an encoding / named architecture")]
    public string Architecture { get; set; } = "";

    /// <summary>A <c>bossnas train</c> run folder whose trained network is the teacher; empty trains one here.</summary>
    [Help("run folder of a finished `bossnas train` whose network becomes the teacher (\"\" = train the teacher in this run)")]
    public string From { get; set; } = "";
}
