using BossNas.Core.Components;

namespace BossNas.Engine.Config;

/// <summary>
/// <c>[retrain]</c>: training from scratch in the <c>retrain</c> phase (the found architecture) and the <c>control</c>
/// phase (random architectures of similar cost), with the same budget and seed.
/// </summary>
public sealed class RetrainSection : OptimSection
{
    /// <summary>Random controls the control phase trains.</summary>
    [Help("random architectures of similar cost the control phase trains")]
    [Range(1, 100)]
    public int Controls { get; set; } = 3;

    /// <summary>Relative MAdds tolerance for the control.</summary>
    [Help("control: relative MAdds distance allowed from the found architecture")]
    [Range(0, 10)]
    public double ControlTolerance { get; set; } = 0.15;
}
