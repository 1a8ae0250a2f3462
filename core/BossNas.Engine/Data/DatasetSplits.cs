using BossNas.Core.Architectures;

namespace BossNas.Engine.Data;

/// <summary>
/// A dataset as the pipeline uses it: train (for supernet training and retraining), validation (held out from
/// train, for rating candidates) and test (final numbers only), in memory as uint8 tensors or streamed from files.
/// </summary>
internal sealed class DatasetSplits : IDisposable
{
    /// <summary>Creates the splits.</summary>
    public DatasetSplits(IImageSource train, IImageSource val, IImageSource test, string source, IReadOnlyList<string>? labelNames = null)
    {
        Train = train;
        Val = val;
        Test = test;
        Source = source;
        LabelNames = labelNames;
    }

    /// <summary>Training images.</summary>
    public IImageSource Train { get; }

    /// <summary>Validation images held out from the training split.</summary>
    public IImageSource Val { get; }

    /// <summary>Test images.</summary>
    public IImageSource Test { get; }

    /// <summary>Where the data came from (logged and reported).</summary>
    public string Source { get; }

    /// <summary>The name of each class index where the dataset names its classes (null for synthetic data).</summary>
    public IReadOnlyList<string>? LabelNames { get; }

    /// <summary>
    /// The evaluation crop: timm's crop mode and crop fraction (<c>center</c> after an aspect-keeping resize for streamed
    /// images); null where images are stored at the input size or squashed to it.
    /// </summary>
    public (string Mode, double Fraction)? Crop { get; init; }

    /// <summary>The input shape networks are built for.</summary>
    public InputShape Shape => new(Train.Channels, Train.Height, Train.Width, Train.Classes);

    /// <inheritdoc />
    public void Dispose()
    {
        Train.Dispose();
        Val.Dispose();
        Test.Dispose();
    }
}
