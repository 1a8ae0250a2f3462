namespace BossNas.Engine.Data;

/// <summary>
/// Decoded image-classification data as plain arrays, before any tensor exists.
/// Pixels are N×C×H×W uint8: each image is C channel planes, each plane row-major.
/// </summary>
internal sealed class RawImageSet
{
    /// <summary>Wraps already-decoded arrays; the arrays are kept, not copied.</summary>
    /// <param name="pixels">N×C×H×W bytes.</param>
    /// <param name="labels">N class indices in [0, <paramref name="classNames"/>.Count).</param>
    /// <param name="channels">C, at least 1.</param>
    /// <param name="height">H, at least 1.</param>
    /// <param name="width">W, at least 1.</param>
    /// <param name="classNames">Name of each class index; at least one.</param>
    /// <param name="source">Human-readable origin (files or folder) for logs and error messages.</param>
    public RawImageSet(byte[] pixels, long[] labels, int channels, int height, int width,
        IReadOnlyList<string> classNames, string source)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (classNames.Count == 0)
            throw new ArgumentException("at least one class name is required", nameof(classNames));

        long perImage = (long)channels * height * width;
        if (perImage > int.MaxValue)
            throw new ArgumentException($"{channels}x{height}x{width} images are too large", nameof(pixels));
        if (pixels.LongLength != perImage * labels.LongLength)
            throw new ArgumentException(
                $"pixels has {pixels.LongLength} bytes but {labels.Length} images of {channels}x{height}x{width} need {perImage * labels.LongLength}",
                nameof(pixels));
        for (int i = 0; i < labels.Length; i++)
        {
            if ((ulong)labels[i] >= (ulong)classNames.Count)
                throw new ArgumentException(
                    $"label {labels[i]} at index {i} is outside [0, {classNames.Count})", nameof(labels));
        }

        Pixels = pixels;
        Labels = labels;
        Channels = channels;
        Height = height;
        Width = width;
        ClassNames = classNames;
        Source = source;
    }

    /// <summary>N×C×H×W uint8 pixels.</summary>
    public byte[] Pixels { get; }

    /// <summary>Class index of each image.</summary>
    public long[] Labels { get; }

    /// <summary>Number of images (N).</summary>
    public int Count => Labels.Length;

    /// <summary>Channels per image (C).</summary>
    public int Channels { get; }

    /// <summary>Image height in pixels (H).</summary>
    public int Height { get; }

    /// <summary>Image width in pixels (W).</summary>
    public int Width { get; }

    /// <summary>Bytes per image, C×H×W.</summary>
    public int ImageBytes => Channels * Height * Width;

    /// <summary>Name of each class index.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Human-readable origin: which files or folder the images came from.</summary>
    public string Source { get; }

    /// <summary>Copies the images at <paramref name="indices"/>, in that order, into a new set.</summary>
    public RawImageSet Subset(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int size = ImageBytes;
        var pixels = new byte[(long)indices.Count * size];
        var labels = new long[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            int from = indices[i];
            if ((uint)from >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(indices), $"index {from} is outside [0, {Count})");
            Array.Copy(Pixels, (long)from * size, pixels, (long)i * size, size);
            labels[i] = Labels[from];
        }
        // The source stays the files' name: the data log line gives the split sizes once.
        return new RawImageSet(pixels, labels, Channels, Height, Width, ClassNames, Source);
    }

    /// <summary>
    /// Holds out round(<paramref name="valFraction"/> × n) of each class's n images, chosen by a seeded
    /// shuffle, so both parts keep the class proportions. Same labels and seed give the same split on
    /// every platform. Both index arrays are returned in ascending order.
    /// </summary>
    /// <param name="labels">Class index per image; any non-negative values.</param>
    /// <param name="valFraction">Fraction in [0, 1] to hold out per class.</param>
    /// <param name="seed">Shuffle seed.</param>
    public static (int[] train, int[] val) StratifiedSplit(long[] labels, double valFraction, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (!(valFraction >= 0.0 && valFraction <= 1.0))
            throw new ArgumentOutOfRangeException(nameof(valFraction), valFraction, "must be in [0, 1]");

        // Group indices by class; SortedDictionary fixes the class order so the RNG stream is reproducible.
        var byClass = new SortedDictionary<long, List<int>>();
        for (int i = 0; i < labels.Length; i++)
        {
            if (!byClass.TryGetValue(labels[i], out var members))
                byClass[labels[i]] = members = new List<int>();
            members.Add(i);
        }

        var rng = new SplitMix64(seed);
        var train = new List<int>(labels.Length);
        var val = new List<int>();
        foreach (var members in byClass.Values)
        {
            var shuffled = members.ToArray();
            rng.Shuffle<int>(shuffled);
            int held = (int)Math.Round(valFraction * shuffled.Length, MidpointRounding.AwayFromZero);
            val.AddRange(shuffled.AsSpan(0, held));
            train.AddRange(shuffled.AsSpan(held));
        }

        var trainArr = train.ToArray();
        var valArr = val.ToArray();
        Array.Sort(trainArr);
        Array.Sort(valArr);
        return (trainArr, valArr);
    }
}
