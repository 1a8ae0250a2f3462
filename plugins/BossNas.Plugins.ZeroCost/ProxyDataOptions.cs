using BossNas.Core.Components;

namespace BossNas.Plugins.ZeroCost;

/// <summary>Options of a proxy that scores one labelled minibatch.</summary>
public sealed class ProxyDataOptions : ISmokeProfile
{
    /// <summary>
    /// Images in the scored minibatch, the first of the run's labelled rating batches (NASLib and zero-cost-nas: one
    /// training batch of 64).
    /// </summary>
    [Help("images in the scored minibatch, taken from the start of the labelled rating data (NASLib: one batch of 64)")]
    [Range(2, 100000)]
    public int Images { get; set; } = 64;

    /// <inheritdoc />
    public void UseSmokeProfile() => Images = 8;
}
