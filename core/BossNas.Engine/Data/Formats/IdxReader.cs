using System.Buffers.Binary;
using System.IO.Compression;

namespace BossNas.Engine.Data;

/// <summary>
/// Reads IDX files, the MNIST / Fashion-MNIST format: a big-endian int32 magic number, big-endian int32
/// dimensions, then uint8 data. Files that start with the gzip signature are decompressed on the fly.
/// </summary>
internal static partial class IdxReader
{
    /// <summary>Magic number of a uint8 IDX file with three dimensions (N, H, W).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of a uint8 IDX file with one dimension (N).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Where Debian's dataset-fashion-mnist package installs the files.</summary>
    public const string DefaultFashionMnistRoot = "/usr/share/datasets/fashion-mnist";

    private const int ImagesHeaderBytes = 16;
    private const int LabelsHeaderBytes = 8;

    /// <summary>The ten Fashion-MNIST classes in label order.</summary>
    public static IReadOnlyList<string> FashionMnistClassNames { get; } =
    [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ];

    /// <summary>Reads an image file and its label file into one single-channel set.</summary>
    /// <param name="imagesFile">IDX file with magic 0x00000803.</param>
    /// <param name="labelsFile">IDX file with magic 0x00000801 and one label per image.</param>
    /// <param name="classNames">Names of the classes; labels must be below their count.</param>
    /// <exception cref="DataFormatException">Either file is missing, malformed, or they disagree.</exception>
    public static RawImageSet ReadPair(string imagesFile, string labelsFile, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        var (pixels, count, height, width) = ReadImages(imagesFile);
        byte[] rawLabels = ReadLabels(labelsFile);
        if (rawLabels.Length != count)
            throw new DataFormatException(labelsFile,
                $"{rawLabels.Length} labels for the {count} images in {imagesFile}", "one label per image");

        var labels = new long[count];
        for (int i = 0; i < count; i++)
        {
            if (rawLabels[i] >= classNames.Count)
                throw new DataFormatException(labelsFile, $"label {rawLabels[i]} at index {i}",
                    $"labels in [0, {classNames.Count})");
            labels[i] = rawLabels[i];
        }
        return new RawImageSet(pixels, labels, 1, height, width, classNames, $"{imagesFile} + {labelsFile}");
    }

    /// <summary>
    /// Looks for the four Fashion-MNIST files in <paramref name="root"/> (or <see cref="DefaultFashionMnistRoot"/>
    /// when null), preferring the uncompressed name over the <c>.gz</c> one. Returns null if any is missing.
    /// </summary>
    public static FashionMnistFiles? FindFashionMnist(string? root)
    {
        string folder = root ?? DefaultFashionMnistRoot;
        if (!Directory.Exists(folder))
            return null;

        string? Find(string name)
        {
            string plain = Path.Combine(folder, name);
            if (File.Exists(plain))
                return plain;
            string gz = plain + ".gz";
            return File.Exists(gz) ? gz : null;
        }

        string? trainImages = Find("train-images-idx3-ubyte"), trainLabels = Find("train-labels-idx1-ubyte");
        string? testImages = Find("t10k-images-idx3-ubyte"), testLabels = Find("t10k-labels-idx1-ubyte");
        return trainImages is null || trainLabels is null || testImages is null || testLabels is null
            ? null
            : new FashionMnistFiles(trainImages, trainLabels, testImages, testLabels);
    }

    /// <summary>Reads the train and test halves of Fashion-MNIST with its class names.</summary>
    public static (RawImageSet Train, RawImageSet Test) ReadFashionMnist(FashionMnistFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return (ReadPair(files.TrainImages, files.TrainLabels, FashionMnistClassNames),
                ReadPair(files.TestImages, files.TestLabels, FashionMnistClassNames));
    }

    private static (byte[] Pixels, int Count, int Height, int Width) ReadImages(string file)
    {
        using var stream = Open(file);
        Span<byte> header = stackalloc byte[ImagesHeaderBytes];
        int got = ReadFully(file, stream, header);
        CheckMagic(file, header, got, ImagesMagic, "an IDX uint8 image file");
        if (got < ImagesHeaderBytes)
            throw Truncated(file, got, ImagesHeaderBytes, "a 16-byte IDX image header");

        int count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        int height = BinaryPrimitives.ReadInt32BigEndian(header[8..]);
        int width = BinaryPrimitives.ReadInt32BigEndian(header[12..]);
        long total = (long)count * height * width;
        if (count < 0 || height < 1 || width < 1 || total > Array.MaxLength)
            throw new DataFormatException(file, $"image dimensions {count}x{height}x{width}",
                $"N >= 0, H >= 1, W >= 1 and at most {Array.MaxLength} pixels in all");

        var pixels = new byte[total];
        ReadBody(file, stream, pixels, ImagesHeaderBytes, $"{count} images of {height}x{width}");
        return (pixels, count, height, width);
    }

    private static byte[] ReadLabels(string file)
    {
        using var stream = Open(file);
        Span<byte> header = stackalloc byte[LabelsHeaderBytes];
        int got = ReadFully(file, stream, header);
        CheckMagic(file, header, got, LabelsMagic, "an IDX uint8 label file");
        if (got < LabelsHeaderBytes)
            throw Truncated(file, got, LabelsHeaderBytes, "an 8-byte IDX label header");

        int count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        if (count < 0 || count > Array.MaxLength)
            throw new DataFormatException(file, $"label count {count}", $"0 to {Array.MaxLength} labels");

        var labels = new byte[count];
        ReadBody(file, stream, labels, LabelsHeaderBytes, $"{count} labels");
        return labels;
    }

    private static void CheckMagic(string file, ReadOnlySpan<byte> header, int got, int expected, string what)
    {
        if (got < 4)
            throw Truncated(file, got, 4, $"a 4-byte magic number 0x{expected:X8} for {what}");
        int magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic != expected)
        {
            string known = magic switch
            {
                ImagesMagic => " (an IDX image file)",
                LabelsMagic => " (an IDX label file)",
                _ => "",
            };
            throw new DataFormatException(file, $"magic number 0x{magic:X8}{known}", $"0x{expected:X8} for {what}");
        }
    }

    /// <summary>Fills <paramref name="body"/> and insists the stream ends right after it.</summary>
    private static void ReadBody(string file, Stream stream, byte[] body, int headerBytes, string what)
    {
        long expected = headerBytes + body.LongLength;
        int got = ReadFully(file, stream, body);
        if (got < body.Length)
            throw Truncated(file, headerBytes + got, expected, $"{headerBytes}-byte header + {what}");
        if (ReadFully(file, stream, stackalloc byte[1]) != 0)
            throw new DataFormatException(file, $"more than {expected} bytes",
                $"exactly {expected} bytes: {headerBytes}-byte header + {what}");
    }

    private static DataFormatException Truncated(string file, long actual, long expected, string what) =>
        new(file, $"truncated: only {actual} bytes", $"{expected} bytes uncompressed: {what}");

    private static Stream Open(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!File.Exists(file))
            throw new DataFormatException(file, "file not found", "an IDX file, raw or gzip-compressed");

        var fs = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        int b0 = fs.ReadByte(), b1 = fs.ReadByte();
        fs.Position = 0;
        // 1f 8b is the gzip signature; an IDX file always starts with two zero bytes, so there is no ambiguity.
        return b0 == 0x1f && b1 == 0x8b ? new GZipStream(fs, CompressionMode.Decompress) : fs;
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the bytes read.</summary>
    private static int ReadFully(string file, Stream stream, Span<byte> buffer)
    {
        int total = 0;
        try
        {
            while (total < buffer.Length)
            {
                int n = stream.Read(buffer[total..]);
                if (n == 0)
                    break;
                total += n;
            }
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(file, $"corrupt gzip data ({e.Message})",
                "a valid gzip stream", e);
        }
        return total;
    }
}
