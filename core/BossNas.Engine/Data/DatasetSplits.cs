using BossNas.Core.Architectures;

namespace BossNas.Engine.Data;

/// <summary>
/// A dataset as the pipeline uses it: train (for supernet training and retraining), validation (held out from
/// train, for rating candidates) and test (final numbers only), all in memory as uint8 tensors.
/// </summary>
internal sealed class DatasetSplits : IDisposable
{
    /// <summary>Creates the splits.</summary>
    public DatasetSplits(ImageTensors train, ImageTensors val, ImageTensors test, string source, IReadOnlyList<string>? labelNames = null)
    {
        Train = train;
        Val = val;
        Test = test;
        Source = source;
        LabelNames = labelNames;
    }

    /// <summary>Training images.</summary>
    public ImageTensors Train { get; }

    /// <summary>Validation images held out from the training split.</summary>
    public ImageTensors Val { get; }

    /// <summary>Test images.</summary>
    public ImageTensors Test { get; }

    /// <summary>Where the data came from (logged and reported).</summary>
    public string Source { get; }

    /// <summary>The name of each class index where the dataset names its classes (null for synthetic data).</summary>
    public IReadOnlyList<string>? LabelNames { get; }

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
