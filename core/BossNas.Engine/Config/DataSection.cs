using BossNas.Core.Components;

namespace BossNas.Engine.Config;

/// <summary><c>[data]</c>: the dataset and how it is split and batched.</summary>
public sealed class DataSection : IValidatableOptions
{
    /// <summary>The training transform of streamed images: timm's random resized crop and flip.</summary>
    public const string RandomResizedCrop = "random_resized_crop";

    /// <summary>The keys that apply to streamed image data only (left out of the resolved config for other datasets).</summary>
    public static IReadOnlyList<string> StreamingKeys { get; } = ["streaming", "decode_workers", "crop_fraction", "train_transform"];

    /// <summary>fashion-mnist, cifar10, imagefolder, webdataset or synthetic.</summary>
    [Help("fashion-mnist | cifar10 | imagefolder | webdataset | synthetic")]
    [OneOf("fashion-mnist", "cifar10", "imagefolder", "webdataset", "synthetic")]
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

    /// <summary>imagefolder: decode batches from the files while training (true) or every image into memory first.</summary>
    [Help("imagefolder: read batches from the files while training, memory independent of the dataset size (true), or decode every image into memory first, squashed to a square (false); webdataset always streams")]
    public bool Streaming { get; set; } = true;

    /// <summary>Streamed data: threads decoding the images of a batch.</summary>
    [Help("streamed images: threads decoding the images of a batch")]
    [Range(1, 64)]
    public int DecodeWorkers { get; set; } = 2;

    /// <summary>Streamed data, evaluation: share of the resized shorter side the centre crop keeps (timm's crop_pct).</summary>
    [Help("streamed images, evaluation: shorter side resized to image_size / crop_fraction, then the centre image_size crop (timm's crop_pct)")]
    [Range(0.1, 1.0)]
    public double CropFraction { get; set; } = 0.875;

    /// <summary>Streamed data, training: random resized crop and flip, or the evaluation transform.</summary>
    [Help("streamed images, training: random_resized_crop (scale 0.08-1, ratio 3/4-4/3, then a flip) or center_crop (the evaluation transform; the view pipeline's padded crop and flip follow)")]
    [OneOf(RandomResizedCrop, "center_crop")]
    public string TrainTransform { get; set; } = RandomResizedCrop;

    /// <summary>Whether the images are indexed and decoded batch by batch rather than read into memory.</summary>
    public bool Streams => Dataset == "webdataset" || (Dataset == "imagefolder" && Streaming);

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

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Dataset == "webdataset" && !Streaming)
            yield return ("streaming", "dataset = \"webdataset\" is always streamed; remove streaming = false");
    }
}
