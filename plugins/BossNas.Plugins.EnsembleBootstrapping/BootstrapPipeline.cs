using BossNas.Core.Components;

namespace BossNas.Plugins.EnsembleBootstrapping;

/// <summary>The augmentation pipeline of the two views.</summary>
public enum BootstrapPipeline
{
    /// <summary>BYOL's colour pipeline with BossNAS's asymmetric blur/solarize.</summary>
    Byol,

    /// <summary>Random crop with padding and flip only (BossNAS's CIFAR pipeline).</summary>
    CropFlip,
}
