using BossNas.Engine.Data.Augment;

namespace BossNas.Engine.Data;

/// <summary>
/// How an image becomes a trained network's input, as training prepared its test images: resized to the input size
/// without keeping the aspect ratio (timm's crop mode <c>squash</c>, crop fraction 1), or for streamed image data the
/// shorter side resized to size / crop fraction and the centre cut out (crop mode <c>center</c>), pixel values divided by 255, then
/// per channel (x − mean) / std with the training split's statistics. Recorded with every trained network, so an export
/// can describe its input without reading the data again. Field names follow timm's <c>pretrained_cfg</c>.
/// </summary>
public sealed class InputPreprocessing
{
    /// <summary>Order of the input's channels: <c>L</c> (grey), <c>RGB</c> or <c>RGBA</c>.</summary>
    public string ChannelOrder { get; set; } = "RGB";

    /// <summary>Interpolation of the resize (bilinear for image folders and shards; other datasets are stored at the input size).</summary>
    public string Interpolation { get; set; } = "bilinear";

    /// <summary>Fraction of the resized image kept by the centre crop (1: none).</summary>
    public double CropPct { get; set; } = 1.0;

    /// <summary>timm's crop mode: <c>squash</c> resizes the whole image to the input size, aspect ratio not kept; <c>center</c> keeps it and crops.</summary>
    public string CropMode { get; set; } = "squash";

    /// <summary>Per-channel mean of the training images in [0, 1].</summary>
    public float[] Mean { get; set; } = [];

    /// <summary>Per-channel standard deviation of the training images in [0, 1].</summary>
    public float[] Std { get; set; } = [];

    /// <summary>Name of each class index, or null where the dataset has none (synthetic data).</summary>
    public string[]? LabelNames { get; set; }

    /// <summary>The preprocessing of <paramref name="data"/> normalised with <paramref name="normalization"/>.</summary>
    internal static InputPreprocessing Of(DatasetSplits data, Normalization normalization) => new()
    {
        ChannelOrder = data.Train.Channels switch { 1 => "L", 4 => "RGBA", _ => "RGB" },
        Mean = normalization.Mean.ToArray(),
        Std = normalization.Std.ToArray(),
        LabelNames = data.LabelNames?.ToArray(),
        CropMode = data.Crop?.Mode ?? "squash",
        CropPct = data.Crop?.Fraction ?? 1.0,
    };
}
