namespace BossNas.Core.Data;

/// <summary>Names of the view pipelines the host always provides.</summary>
public static class ViewPipelineNames
{
    /// <summary>Supervised training: random crop with padding and horizontal flip.</summary>
    public const string Supervised = "supervised";

    /// <summary>
    /// BYOL's two-view pipeline (random resized crop, flip, colour jitter, grayscale, blur, solarize) with the
    /// asymmetric blur/solarize probabilities of BossNAS.
    /// </summary>
    public const string Byol = "byol";

    /// <summary>BossNAS's CIFAR two-view pipeline: random crop with padding and flip only.</summary>
    public const string CropFlip = "crop_flip";
}
