using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using NLog;

namespace BossNas.Engine.Runs;

/// <summary>
/// TensorBoard event files (<c>tensorboard/events.out.tfevents.*</c>): TFRecord framing (length, masked CRC-32C of the
/// length, data, masked CRC-32C of the data) around <c>Event</c> protocol buffers holding scalar summaries, encoded
/// here by hand (the few fields TensorBoard reads). <see cref="Mirror"/> turns metrics records into scalars: losses and
/// LRs per phase, validation and test accuracies, ratings per block, and the scalars the run's components derive from
/// their own records (<see cref="Core.Reporting.IReportContributor.Scalars"/>).
/// </summary>
internal sealed class TensorBoardWriter : IDisposable
{
    private static readonly Logger Log = LogManager.GetLogger("tensorboard");

    private readonly FileStream _file;
    private readonly object _lock = new();
    private readonly Dictionary<string, long> _ratingIndex = new(StringComparer.Ordinal);

    /// <summary>Creates a new event file in <paramref name="folder"/>.</summary>
    public TensorBoardWriter(string folder)
    {
        Directory.CreateDirectory(folder);
        double now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        var name = $"events.out.tfevents.{(long)now}.{Environment.MachineName}.{Environment.ProcessId}";
        Path = System.IO.Path.Combine(folder, name);
        _file = new FileStream(Path, FileMode.Create, FileAccess.Write, FileShare.Read);
        var header = new MemoryStream();
        Double(header, 1, now);
        Bytes(header, 3, Encoding.UTF8.GetBytes("brain.Event:2"));
        Record(header.ToArray());
    }

    private TensorBoardWriter(string path, long keepBytes)
    {
        Path = path;
        _file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read);
        if (_file.Length > keepBytes) _file.SetLength(keepBytes);
        _file.Seek(0, SeekOrigin.End);
    }

    /// <summary>
    /// The event file of a run in <paramref name="folder"/>, cut back as <c>metrics.jsonl</c> is, so a resumed run shows
    /// each step once (what PyTorch's <c>SummaryWriter(purge_step=…)</c> asks TensorBoard to do at read time, done to the
    /// file): a run resuming from a checkpoint appends to the file the checkpoint names after cutting it back to the
    /// bytes it had then; a fresh start removes the event files of attempts that died before their first checkpoint.
    /// </summary>
    /// <param name="folder">The run's <c>tensorboard/</c> folder.</param>
    /// <param name="keepFile">The event file's name the checkpoint recorded, or null (fresh, or a checkpoint from before it was recorded).</param>
    /// <param name="keepBytes">Its length then.</param>
    /// <param name="fresh">Whether the run starts from nothing (no checkpoint).</param>
    public static TensorBoardWriter Open(string folder, string? keepFile, long keepBytes, bool fresh)
    {
        if (keepFile is not null && keepFile == System.IO.Path.GetFileName(keepFile) && File.Exists(System.IO.Path.Combine(folder, keepFile))
            && new FileInfo(System.IO.Path.Combine(folder, keepFile)).Length >= keepBytes)
            return new TensorBoardWriter(System.IO.Path.Combine(folder, keepFile), keepBytes);
        if (fresh && Directory.Exists(folder))
            foreach (var stale in Directory.GetFiles(folder, "events.out.tfevents.*")) File.Delete(stale);
        return new TensorBoardWriter(folder);
    }

    /// <summary>The event file.</summary>
    public string Path { get; }

    /// <summary>Bytes written to the event file so far (recorded with each checkpoint).</summary>
    public long Length
    {
        get
        {
            lock (_lock) return _file.Length;
        }
    }

    /// <summary>
    /// Continues the rating scalars' step counters after the ratings a resumed run kept (its <c>metrics.jsonl</c>'s
    /// <c>rating</c> records), so a rating redone after the checkpoint takes the step it had, not step 0 again.
    /// </summary>
    public void CountRatings(IEnumerable<System.Text.Json.JsonElement> ratings)
    {
        foreach (var r in ratings)
        {
            var tag = RatingTag(r.TryGetProperty("block", out var b) && b.ValueKind == System.Text.Json.JsonValueKind.Number ? b.GetInt64() : null);
            _ratingIndex[tag] = _ratingIndex.GetValueOrDefault(tag) + 1;
        }
    }

    private static string RatingTag(long? block) => block is { } b ? $"rating/block{b}" : "rating/architectures";

    /// <summary>The run's components that add scalars of their own records.</summary>
    public IReadOnlyList<Core.Reporting.IReportContributor> Contributors { get; set; } = [];

    /// <summary>Writes one scalar.</summary>
    public void Scalar(string tag, double value, long step)
    {
        var summaryValue = new MemoryStream();
        Bytes(summaryValue, 1, Encoding.UTF8.GetBytes(tag));
        Float(summaryValue, 2, (float)value);
        var summary = new MemoryStream();
        Bytes(summary, 1, summaryValue.ToArray());
        var ev = new MemoryStream();
        Double(ev, 1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
        Varint(ev, 2 << 3, (ulong)step);
        Bytes(ev, 5, summary.ToArray());
        Record(ev.ToArray());
    }

    /// <summary>Writes one event whose summary holds <paramref name="value"/> (an encoded <c>Summary.Value</c>, e.g. a plugin's data).</summary>
    public void Summary(ReadOnlyMemory<byte> value, long step)
    {
        var summary = new MemoryStream();
        Bytes(summary, 1, value.ToArray());
        var ev = new MemoryStream();
        Double(ev, 1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
        Varint(ev, 2 << 3, (ulong)step);
        Bytes(ev, 5, summary.ToArray());
        Record(ev.ToArray());
    }

    /// <summary>Writes the scalars a metrics record carries (see the class summary).</summary>
    public void Mirror(string kind, IReadOnlyDictionary<string, object?> f)
    {
        string phase = f.TryGetValue("phase", out var p) && p is string s ? s : "run";
        switch (kind)
        {
            case "step" when Long(f, "global_step") is { } step:
                if (Number(f, "loss") is { } loss) Scalar($"{phase}/loss", loss, step);
                if (Number(f, "lr") is { } lr) Scalar($"{phase}/lr", lr, step);
                break;
            case "epoch" when Number(f, "val_accuracy") is { } val:
                Scalar($"{phase}/val_accuracy", val, Long(f, "epoch") ?? 0);
                break;
            case "test" when Number(f, "test_accuracy") is { } test:
                Scalar($"test_accuracy/{phase}", test, 0);
                break;
            case "rating" when Number(f, "score") is { } score:
                var tag = RatingTag(Long(f, "block"));
                long index = _ratingIndex.GetValueOrDefault(tag);
                _ratingIndex[tag] = index + 1;
                Scalar(tag, score, index);
                break;
            default:
                foreach (var contributor in Contributors)
                {
                    // A plugin's scalars must not stop training: a failure is logged and the record's scalars skipped.
                    try
                    {
                        foreach (var scalar in contributor.Scalars(kind, f).ToList()) Scalar(scalar.Tag, scalar.Value, scalar.Step);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        Log.Warn(e, "TensorBoard scalars of {Component} failed on a '{Kind}' record", contributor.GetType().Name, kind);
                    }
                }
                break;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock) _file.Dispose();
    }

    private static double? Number(IReadOnlyDictionary<string, object?> f, string key) =>
        f.TryGetValue(key, out var v) ? v switch
        {
            double d when double.IsFinite(d) => d,
            float x => x,
            int i => i,
            long l => l,
            _ => null,
        } : null;

    private static long? Long(IReadOnlyDictionary<string, object?> f, string key) =>
        f.TryGetValue(key, out var v) ? v switch { int i => i, long l => l, _ => null } : null;

    private void Record(byte[] data)
    {
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)data.Length);
        Span<byte> crc = stackalloc byte[4];
        lock (_lock)
        {
            _file.Write(length);
            BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc32C.Masked(length));
            _file.Write(crc);
            _file.Write(data);
            BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc32C.Masked(data));
            _file.Write(crc);
            _file.Flush();
        }
    }

    private static void Varint(Stream s, ulong tagOrValue, ulong? value = null)
    {
        WriteVarint(s, tagOrValue);
        if (value is { } v) WriteVarint(s, v);
    }

    private static void WriteVarint(Stream s, ulong v)
    {
        while (v >= 0x80)
        {
            s.WriteByte((byte)(v | 0x80));
            v >>= 7;
        }
        s.WriteByte((byte)v);
    }

    private static void Double(Stream s, int field, double value)
    {
        WriteVarint(s, (ulong)(field << 3 | 1));
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(b, value);
        s.Write(b);
    }

    private static void Float(Stream s, int field, float value)
    {
        WriteVarint(s, (ulong)(field << 3 | 5));
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(b, value);
        s.Write(b);
    }

    private static void Bytes(Stream s, int field, byte[] value)
    {
        WriteVarint(s, (ulong)(field << 3 | 2));
        WriteVarint(s, (ulong)value.Length);
        s.Write(value);
    }
}
