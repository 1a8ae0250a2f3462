using BossNas.Core.Components;
using BossNas.Core.Data;
using BossNas.Core.Context;
using static TorchSharp.torch;

namespace BossNas.Engine.Data.Augment;

/// <summary>BossNAS's CIFAR views (and the supervised pipeline): random crop with padding and horizontal flip.</summary>
[Component(ComponentKind.ViewPipeline, ViewPipelineNames.CropFlip,
    Description = "random crop with padding and horizontal flip (BossNAS CIFAR views)")]
internal sealed class CropFlipViews : IViewPipeline
{
    /// <inheritdoc />
    public Tensor View(Tensor images, int view, SeededRandom rng) =>
        GeometricAugment.CropWithPaddingAndFlip(images, ViewPipelines.CropPadding(images.shape[2]), rng);
}
