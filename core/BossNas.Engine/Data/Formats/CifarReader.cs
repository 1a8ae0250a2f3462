namespace BossNas.Engine.Data;

/// <summary>
/// Reads the CIFAR-10 binary version: each record is one label byte followed by 3072 pixel bytes
/// (the red, green and blue 32×32 planes, row-major), which is already the C×H×W layout we keep.
/// </summary>
internal static partial class CifarReader
{
    /// <summary>Image side length.</summary>
    public const int Side = 32;

    /// <summary>Channels per image.</summary>
    public const int Channels = 3;

    /// <summary>Pixel bytes per record.</summary>
    public const int ImageBytes = Channels * Side * Side;

    /// <summary>Bytes per record: label + pixels.</summary>
    public const int RecordBytes = 1 + ImageBytes;

    /// <summary>Optional file, one class name per line, that overrides <see cref="Cifar10ClassNames"/>.</summary>
    public const string MetaFileName = "batches.meta.txt";

    /// <summary>File names of the five training batches.</summary>
    public static IReadOnlyList<string> TrainBatchNames { get; } =
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];

    /// <summary>File name of the test batch.</summary>
    public const string TestBatchName = "test_batch.bin";

    /// <summary>The standard CIFAR-10 classes in label order.</summary>
    public static IReadOnlyList<string> Cifar10ClassNames { get; } =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>Reads data_batch_1.bin … data_batch_5.bin from <paramref name="folder"/>.</summary>
    /// <exception cref="DataFormatException">A batch is missing or malformed.</exception>
    public static RawImageSet ReadTrain(string folder) =>
        ReadBatches(TrainBatchNames.Select(name => Path.Combine(folder, name)).ToArray(), ReadClassNames(folder));

    /// <summary>Reads test_batch.bin from <paramref name="folder"/>.</summary>
    /// <exception cref="DataFormatException">The batch is missing or malformed.</exception>
    public static RawImageSet ReadTest(string folder) =>
        ReadBatches([Path.Combine(folder, TestBatchName)], ReadClassNames(folder));

    /// <summary>Concatenates the records of <paramref name="files"/>, in order.</summary>
    /// <param name="files">Batch files; each must be a non-empty whole number of 3073-byte records.</param>
    /// <param name="classNames">Class names; every label must be below their count (10 for CIFAR-10).</param>
    public static RawImageSet ReadBatches(IReadOnlyList<string> files, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(classNames);
        // Sizes first, so a truncated last batch fails before ~150 MB is read; then one batch in memory at a time.
        long[] records = files.Select(CheckBatchFile).ToArray();
        long count = records.Sum();
        if (count * ImageBytes > Array.MaxLength)
            throw new ArgumentException($"{count} CIFAR images do not fit in one array", nameof(files));

        var pixels = new byte[count * ImageBytes];
        var labels = new long[count];
        long image = 0;
        for (int f = 0; f < files.Count; f++)
        {
            byte[] data = File.ReadAllBytes(files[f]);
            if (data.LongLength != records[f] * RecordBytes)
                throw new DataFormatException(files[f], $"size changed to {data.LongLength} bytes while reading",
                    $"{records[f] * RecordBytes} bytes");
            for (int offset = 0; offset < data.Length; offset += RecordBytes, image++)
            {
                byte label = data[offset];
                if (label >= classNames.Count)
                    throw new DataFormatException(files[f], $"label {label} in record {offset / RecordBytes}",
                        $"labels in [0, {classNames.Count})");
                labels[image] = label;
                Array.Copy(data, offset + 1, pixels, image * ImageBytes, ImageBytes);
            }
        }
        return new RawImageSet(pixels, labels, Channels, Side, Side, classNames, string.Join(" + ", files));
    }

    /// <summary>Returns the number of records in <paramref name="file"/>, rejecting partial records.</summary>
    private static long CheckBatchFile(string file)
    {
        if (!File.Exists(file))
            throw new DataFormatException(file, "file not found", "a CIFAR-10 binary batch");
        long size = new FileInfo(file).Length;
        if (size == 0 || size % RecordBytes != 0)
            throw new DataFormatException(file,
                $"truncated or padded: size {size} bytes is not a positive multiple of {RecordBytes}",
                $"a whole number of {RecordBytes}-byte records (1 label + {ImageBytes} pixels)");
        return size / RecordBytes;
    }

    /// <summary>batches.meta.txt if present (ten non-blank lines), else the standard names.</summary>
    private static IReadOnlyList<string> ReadClassNames(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        string meta = Path.Combine(folder, MetaFileName);
        if (!File.Exists(meta))
            return Cifar10ClassNames;
        // The official file ends with blank lines, so blanks are dropped rather than rejected.
        string[] names = File.ReadAllLines(meta).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (names.Length != Cifar10ClassNames.Count)
            throw new DataFormatException(meta, $"{names.Length} class names",
                $"{Cifar10ClassNames.Count} non-blank lines, one class name each");
        return names;
    }
}
