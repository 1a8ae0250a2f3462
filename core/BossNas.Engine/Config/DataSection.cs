using BossNas.Core.Components;

namespace BossNas.Engine.Config;

/// <summary><c>[data]</c>: the dataset and how it is split and batched.</summary>
public sealed class DataSection
{
    /// <summary>fashion-mnist, cifar10, imagefolder or synthetic.</summary>
    [Help("fashion-mnist | cifar10 | imagefolder | synthetic")]
    [OneOf("fashion-mnist", "cifar10", "imagefolder", "synthetic")]
    public string Dataset { get; set; } = "fashion-mnist";

    /// <summary>Where the files are; fashion-mnist falls back to the Debian package and the shipped subset.</summary>
    [Help("dataset folder; fashion-mnist falls back to /usr/share/datasets/fashion-mnist, then the shipped subset")]
    public string Root { get; set; } = "";

    /// <summary>Fraction of the training split held out for validation (ratings).</summary>
    [Help("fraction of train held out for validation/rating")]
    [Range(0.0, 0.9)]
    public double ValFraction { get; set; } = 0.1;

    /// <summary>Use at most this many training images (0 = all), a stratified subset.</summary>
    [Help("use at most this many training images (stratified; 0 = all)")]
    [Range(0, int.MaxValue)]
    public int TrainLimit { get; set; }

    /// <summary>Use at most this many test images (0 = all).</summary>
    [Help("use at most this many test images (0 = all)")]
    [Range(0, int.MaxValue)]
    public int TestLimit { get; set; }

    /// <summary>Images per batch.</summary>
    [Help("images per batch")]
    [Range(1, 65536)]
    public int BatchSize { get; set; } = 128;

    /// <summary>Side length images are resized to for imagefolder (others keep their size).</summary>
    [Help("imagefolder: side length images are resized to")]
    [Range(8, 1024)]
    public int ImageSize { get; set; } = 32;

    /// <summary>Training images used for supernet training (stratified; 0 = the whole training split).</summary>
    [Help("training images used for supernet training (stratified; 0 = all); retraining always uses the whole training split")]
    [Range(0, int.MaxValue)]
    public int SearchImages { get; set; }

    /// <summary>Validation images used to rate candidates (0 = all).</summary>
    [Help("validation images used to rate candidates (0 = all)")]
    [Range(0, int.MaxValue)]
    public int RatingImages { get; set; } = 1000;

    /// <summary>Training batches forwarded per candidate to recalibrate BatchNorm before rating it.</summary>
    [Help("training batches used to recalibrate BatchNorm per rated candidate")]
    [Range(1, 1000)]
    public int CalibrationBatches { get; set; } = 1;

    /// <summary>Batches prepared ahead of the trainer.</summary>
    [Help("batches prepared ahead of the trainer on a background thread")]
    [Range(0, 64)]
    public int Prefetch { get; set; } = 2;

    /// <summary>synthetic: number of training images.</summary>
    [Help("synthetic: training images")]
    [Range(1, 1_000_000)]
    public int SyntheticCount { get; set; } = 512;

    /// <summary>synthetic: image side.</summary>
    [Help("synthetic: image side")]
    [Range(4, 512)]
    public int SyntheticSize { get; set; } = 16;

    /// <summary>synthetic: channels.</summary>
    [Help("synthetic: channels")]
    [Range(1, 4)]
    public int SyntheticChannels { get; set; } = 1;

    /// <summary>synthetic: classes.</summary>
    [Help("synthetic: classes")]
    [Range(2, 1000)]
    public int SyntheticClasses { get; set; } = 4;
}
