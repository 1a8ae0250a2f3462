using System.Buffers.Binary;
using System.IO.Compression;

namespace BossNas.Engine.Data;

// Writers live beside the reader so the subset script and tests produce exactly what ReadPair accepts.
internal static partial class IdxReader
{
    /// <summary>Writes the images of a single-channel set as an IDX image file (magic 0x00000803).</summary>
    /// <param name="path">Destination; overwritten if present.</param>
    /// <param name="set">Images to write; must have one channel.</param>
    /// <param name="gzip">Compress with gzip (the reader detects it by signature, whatever the file name).</param>
    public static void WriteImages(string path, RawImageSet set, bool gzip)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.Channels != 1)
            throw new ArgumentException($"IDX image files hold one channel, not {set.Channels}", nameof(set));

        Span<byte> header = stackalloc byte[ImagesHeaderBytes];
        BinaryPrimitives.WriteInt32BigEndian(header, ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], set.Count);
        BinaryPrimitives.WriteInt32BigEndian(header[8..], set.Height);
        BinaryPrimitives.WriteInt32BigEndian(header[12..], set.Width);
        Write(path, header, set.Pixels, gzip);
    }

    /// <summary>Writes the labels of a set as an IDX label file (magic 0x00000801).</summary>
    /// <param name="path">Destination; overwritten if present.</param>
    /// <param name="set">Labels to write; each must fit in a byte.</param>
    /// <param name="gzip">Compress with gzip.</param>
    public static void WriteLabels(string path, RawImageSet set, bool gzip)
    {
        ArgumentNullException.ThrowIfNull(set);
        var body = new byte[set.Count];
        for (int i = 0; i < body.Length; i++)
        {
            long label = set.Labels[i];
            if (label > byte.MaxValue)
                throw new ArgumentException($"label {label} at index {i} does not fit in a uint8 IDX file", nameof(set));
            body[i] = (byte)label;
        }

        Span<byte> header = stackalloc byte[LabelsHeaderBytes];
        BinaryPrimitives.WriteInt32BigEndian(header, LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], set.Count);
        Write(path, header, body, gzip);
    }

    private static void Write(string path, ReadOnlySpan<byte> header, byte[] body, bool gzip)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        // .NET writes a zero gzip timestamp, so the same data always gives the same bytes (stable commits).
        using Stream output = gzip ? new GZipStream(file, CompressionLevel.SmallestSize) : file;
        output.Write(header);
        output.Write(body);
    }
}
