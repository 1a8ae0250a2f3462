using BossNas.Core.Components;

namespace BossNas.Plugins.EnsembleBootstrapping;

/// <summary>Which augmented pair each sampled path sees.</summary>
public enum PairSharing
{
    /// <summary>Every path gets its own augmented pair (BossNAS on ImageNet: pair k goes to path k).</summary>
    PerPath,

    /// <summary>One pair shared by all paths (BossNAS on NATS/CIFAR).</summary>
    Shared,
}
