namespace BossNas.Engine.Data;

// The writer exists so tests can build batch files that ReadBatches must accept.
internal static partial class CifarReader
{
    /// <summary>Writes <paramref name="set"/> as one CIFAR-10 binary batch file.</summary>
    /// <param name="path">Destination; overwritten if present.</param>
    /// <param name="set">3×32×32 images whose labels fit in a byte.</param>
    public static void WriteBatch(string path, RawImageSet set)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(set);
        if (set.Channels != Channels || set.Height != Side || set.Width != Side)
            throw new ArgumentException(
                $"CIFAR batches hold {Channels}x{Side}x{Side} images, not {set.Channels}x{set.Height}x{set.Width}",
                nameof(set));

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        for (int i = 0; i < set.Count; i++)
        {
            long label = set.Labels[i];
            if (label > byte.MaxValue)
                throw new ArgumentException($"label {label} at index {i} does not fit in a byte", nameof(set));
            file.WriteByte((byte)label);
            file.Write(set.Pixels, i * ImageBytes, ImageBytes);
        }
    }
}
