using BossNas.Core.Data;
using BossNas.Core.Evaluation;
using static TorchSharp.torch;

namespace BossNas.Plugins.ZeroCost.Tests;

/// <summary>Labelled rating batches of Gaussian images drawn from a seed of their own.</summary>
internal sealed class RandomRatingData : IRatingData
{
    public RandomRatingData(int seed, int batches, int batchSize, int channels, int size, int classes)
    {
        var g = new Generator((ulong)seed);
        for (int b = 0; b < batches; b++)
            Labelled.Add((randn(new long[] { batchSize, channels, size, size }, generator: g).DetachFromDisposeScope(),
                randint(0, classes, new long[] { batchSize }, generator: g).DetachFromDisposeScope()));
    }

    private List<(Tensor Images, Tensor Labels)> Labelled { get; } = new();

    public IReadOnlyList<ViewPair> ViewBatches => Array.Empty<ViewPair>();

    public IReadOnlyList<(Tensor Images, Tensor Labels)> LabelledBatches => Labelled;

    public IReadOnlyList<Tensor> CalibrationBatches => Array.Empty<Tensor>();
}
