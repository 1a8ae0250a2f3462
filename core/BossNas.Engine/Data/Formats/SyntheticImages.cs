namespace BossNas.Engine.Data;

/// <summary>
/// Seeded, learnable fake data for tests and smoke runs. Each class has a mean image made of a 4×4 grid
/// of dark or bright blocks per channel; samples add uniform noise. The class patterns depend only on the
/// class index (never on the seed), so sets made with different seeds share classes and can serve as
/// train and test data for each other.
/// </summary>
internal static class SyntheticImages
{
    private const int Grid = 4;
    private const int Dark = 56;
    private const int Bright = 200;

    /// <summary>Generates <paramref name="count"/> images with balanced, shuffled labels.</summary>
    /// <param name="count">Number of images.</param>
    /// <param name="channels">Channels per image.</param>
    /// <param name="size">Height and width; at least 4 so every grid block has pixels.</param>
    /// <param name="classes">Number of classes, 1 to 65536 (the block codes are 16-bit).</param>
    /// <param name="seed">Seeds the label order and the noise.</param>
    /// <param name="noise">Per-pixel noise is uniform in [-noise, noise]; 0 gives the exact class means.</param>
    public static RawImageSet Generate(int count, int channels, int size, int classes, ulong seed, int noise = 40)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, Grid);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classes, 1 << 16);
        ArgumentOutOfRangeException.ThrowIfNegative(noise);

        var rng = new SplitMix64(seed);
        var labels = new long[count];
        for (int i = 0; i < count; i++)
            labels[i] = i % classes;
        rng.Shuffle<long>(labels);

        int plane = size * size;
        int imageBytes = channels * plane;
        var pixels = new byte[(long)count * imageBytes];
        var means = new Dictionary<long, byte[]>();
        for (int i = 0; i < count; i++)
        {
            if (!means.TryGetValue(labels[i], out var mean))
                means[labels[i]] = mean = ClassMean((int)labels[i], channels, size);
            var image = pixels.AsSpan(i * imageBytes, imageBytes);
            for (int p = 0; p < imageBytes; p++)
            {
                int jitter = noise == 0 ? 0 : rng.NextBelow(2 * noise + 1) - noise;
                image[p] = (byte)Math.Clamp(mean[p] + jitter, 0, 255);
            }
        }

        var names = Enumerable.Range(0, classes).Select(c => $"class{c}").ToArray();
        return new RawImageSet(pixels, labels, channels, size, size, names,
            $"synthetic ({count} images of {channels}x{size}x{size}, {classes} classes, seed {seed}, noise {noise})");
    }

    /// <summary>The noise-free image of <paramref name="label"/>, C×H×W.</summary>
    public static byte[] ClassMean(int label, int channels, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(label, 1 << 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, Grid);

        int plane = size * size;
        var mean = new byte[channels * plane];
        var maskRng = new SplitMix64(0x5EED_0F_B055_A5UL);
        for (int c = 0; c < channels; c++)
        {
            // Multiplying by an odd constant is a bijection mod 2^16, so the 16 block bits differ for every
            // class; XOR with a fixed random mask keeps class 0 from being all dark.
            ulong odd = maskRng.Next() | 1;
            int code = (int)(((ulong)label * odd ^ maskRng.Next()) & 0xFFFF);
            for (int y = 0; y < size; y++)
            {
                int by = y * Grid / size;
                for (int x = 0; x < size; x++)
                {
                    int bit = by * Grid + x * Grid / size;
                    mean[c * plane + y * size + x] = (byte)(((code >> bit) & 1) != 0 ? Bright : Dark);
                }
            }
        }
        return mean;
    }
}
