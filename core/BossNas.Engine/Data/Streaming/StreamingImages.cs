using BossNas.Core.Context;
using BossNas.Engine.Data.Augment;
using static TorchSharp.torch;

namespace BossNas.Engine.Data.Streaming;

/// <summary>How a streaming split turns files into inputs.</summary>
/// <param name="Size">Side of every input.</param>
/// <param name="CropFraction">Evaluation: the centre crop's share of the resized shorter side (timm's crop_pct).</param>
/// <param name="RandomResizedCrop">Training batches get the random resized crop and flip instead of the evaluation transform.</param>
/// <param name="DecodeWorkers">Images of a batch decoded at once.</param>
internal sealed record StreamingOptions(int Size, double CropFraction, bool RandomResizedCrop, int DecodeWorkers);

/// <summary>
/// A split kept as an index (<see cref="ImageEntry"/>: file or shard range, and label); a batch's images are read,
/// decoded and transformed when it is gathered, by up to <see cref="StreamingOptions.DecodeWorkers"/> threads. Nothing
/// decoded is kept, so memory does not grow with the number of images beyond the index. Each image of a training batch
/// draws its crop and flip from a generator seeded by the batch seed and its position in the batch alone, so the
/// batch is the same with any number of workers and in any order they finish.
/// </summary>
internal sealed class StreamingImages : IImageSource
{
    /// <summary>Images whose mean and standard deviation normalise the inputs (a fixed seeded sample of the split).</summary>
    public const int StatisticsImages = 1000;

    private const ulong StatisticsSeed = 0x5747a75UL;
    private readonly ImageEntry[] _entries;

    /// <summary>Creates the split over <paramref name="entries"/> with labels in [0, <paramref name="classes"/>).</summary>
    public StreamingImages(IReadOnlyList<ImageEntry> entries, int classes, StreamingOptions options)
    {
        _entries = entries.ToArray();
        LabelsArray = _entries.Select(e => e.Label).ToArray();
        Classes = classes;
        Options = options;
    }

    /// <summary>The transform settings.</summary>
    public StreamingOptions Options { get; }

    /// <inheritdoc />
    public int Count => _entries.Length;

    /// <inheritdoc />
    public long[] LabelsArray { get; }

    /// <inheritdoc />
    public int Channels => ImageDecoder.Channels;

    /// <inheritdoc />
    public int Height => Options.Size;

    /// <inheritdoc />
    public int Width => Options.Size;

    /// <inheritdoc />
    public int Classes { get; }

    /// <inheritdoc />
    public bool AugmentsTraining => Options.RandomResizedCrop;

    /// <summary>The images at <paramref name="keep"/>, in that order.</summary>
    public StreamingImages Subset(IReadOnlyList<int> keep) => new(keep.Select(i => _entries[i]).ToArray(), Classes, Options);

    /// <inheritdoc />
    public IImageSource Subset(int count, long seed)
    {
        if (count <= 0 || count >= Count) return this;
        var (_, keep) = RawImageSet.StratifiedSplit(LabelsArray, (double)count / Count, (ulong)seed);
        return Subset(keep);
    }

    /// <inheritdoc />
    public (Tensor Images, Tensor Labels) Gather(long[] indices) => Decode(indices, null);

    /// <inheritdoc />
    public (Tensor Images, Tensor Labels) GatherTraining(long[] indices, ulong batchSeed) =>
        Decode(indices, AugmentsTraining ? batchSeed : null);

    /// <summary>
    /// Mean and standard deviation per channel over the evaluation-transformed pixels of
    /// <see cref="StatisticsImages"/> images drawn with a fixed seed (all of them in a smaller split), read in batches.
    /// </summary>
    public Normalization Statistics()
    {
        var order = new SeededRandom(StatisticsSeed).Permutation(Count);
        int n = Math.Min(StatisticsImages, Count);
        var sum = new double[Channels];
        var squares = new double[Channels];
        int plane = Height * Width;
        for (int start = 0; start < n; start += 64)
        {
            var idx = order.Skip(start).Take(Math.Min(64, n - start)).Select(i => (long)i).ToArray();
            var pixels = DecodePixels(idx, null);
            for (int i = 0; i < idx.Length; i++)
                for (int c = 0; c < Channels; c++)
                    foreach (byte b in pixels.AsSpan((i * Channels + c) * plane, plane))
                    {
                        double v = b / 255.0;
                        sum[c] += v;
                        squares[c] += v * v;
                    }
        }
        double count = (double)n * plane;
        var mean = sum.Select(s => (float)(s / count)).ToArray();
        // Unbiased, as torch.std, floored as Normalization.Of floors it.
        var std = sum.Select((s, c) => (float)Math.Max(Math.Sqrt(Math.Max(0, (squares[c] - s * s / count) / (count - 1))), 1e-3))
            .ToArray();
        return new Normalization(mean, std);
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private (Tensor Images, Tensor Labels) Decode(long[] indices, ulong? batchSeed)
    {
        var pixels = DecodePixels(indices, batchSeed);
        var labels = indices.Select(i => LabelsArray[i]).ToArray();
        var images = tensor(pixels, ScalarType.Byte).reshape(indices.Length, Channels, Height, Width)
            .to_type(ScalarType.Float32).div_(255f);
        return (images, tensor(labels, ScalarType.Int64));
    }

    private byte[] DecodePixels(long[] indices, ulong? batchSeed)
    {
        int size = Channels * Height * Width;
        var pixels = new byte[(long)indices.Length * size];
        void One(int j)
        {
            var entry = _entries[indices[j]];
            var planes = pixels.AsSpan(j * size, size);
            if (batchSeed is { } seed) ImageDecoder.Train(entry, Options.Size, new SeededRandom(PositionSeed(seed, j)), planes);
            else ImageDecoder.Eval(entry, Options.Size, Options.CropFraction, planes);
        }
        if (Options.DecodeWorkers <= 1 || indices.Length == 1)
        {
            for (int j = 0; j < indices.Length; j++) One(j);
            return pixels;
        }
        try
        {
            Parallel.For(0, indices.Length, new ParallelOptions { MaxDegreeOfParallelism = Options.DecodeWorkers }, One);
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<DataFormatException>().FirstOrDefault() is { } bad)
        {
            throw bad;
        }
        return pixels;
    }

    /// <summary>The generator seed of the image at <paramref name="position"/> of a batch.</summary>
    public static ulong PositionSeed(ulong batchSeed, int position) =>
        (batchSeed ^ ((ulong)position + 1) * 0x9E3779B97F4A7C15UL) * 0xBF58476D1CE4E5B9UL;
}
