using BossNas.Core.Components;
using BossNas.Core.Data;
using BossNas.Core.Context;
using static TorchSharp.torch;

namespace BossNas.Engine.Data.Augment;

/// <summary>
/// BYOL's two-view pipeline: random resized crop and flip, colour jitter, grayscale, blur and solarize, with BossNAS's
/// asymmetric probabilities (view 1: blur 0.1, solarize 0; view 2: blur 1.0, solarize 0.2).
/// </summary>
[Component(ComponentKind.ViewPipeline, ViewPipelineNames.Byol,
    Description = "BYOL two views: resized crop, flip, jitter, grayscale, blur, solarize (BossNAS probabilities)")]
internal sealed class ByolViews : IViewPipeline
{
    /// <inheritdoc />
    public Tensor View(Tensor images, int view, SeededRandom rng)
    {
        using var scope = NewDisposeScope();
        bool second = view == 1;
        var y = GeometricAugment.ResizedCropAndFlip(images, 0.08, rng);
        y = PhotometricAugment.ColorJitter(y, 0.4, 0.4, 0.2, 0.1, 0.8, rng);
        y = PhotometricAugment.RandomGrayscale(y, 0.2, rng);
        y = PhotometricAugment.GaussianBlur(y, second ? 1.0 : 0.1, rng);
        y = PhotometricAugment.Solarize(y, second ? 0.2 : 0.0, rng);
        return y.MoveToOuterDisposeScope();
    }
}
