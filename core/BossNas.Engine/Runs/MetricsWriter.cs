using System.Globalization;
using System.Text.Json;
using BossNas.Core.Context;

namespace BossNas.Engine.Runs;

/// <summary>
/// <c>metrics.jsonl</c>: one JSON object per line (<c>{"kind":"step","time":...,...}</c>), flushed per line so a
/// crash loses nothing and a plotting script can tail it.
/// </summary>
internal sealed class MetricsWriter : IMetricsSink, IDisposable
{
    private readonly StreamWriter _writer;
    private readonly object _lock = new();

    /// <summary>
    /// Appends to <paramref name="path"/> after cutting it back to <paramref name="keepBytes"/> (what the checkpoint a
    /// run resumes from had written; 0 for a fresh run), so records of redone work are not doubled. A file shorter than
    /// that (truncated by a crash or by hand) is cut to its last whole record instead, and <paramref name="warn"/> says
    /// what was lost: a record appended after half a line would make the whole file unreadable.
    /// </summary>
    public MetricsWriter(string path, long keepBytes = 0, Action<string>? warn = null)
    {
        Path = path;
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        if (stream.Length > keepBytes) stream.SetLength(keepBytes);
        else if (stream.Length < keepBytes)
        {
            long found = stream.Length, whole = EndOfLastWholeRecord(stream);
            stream.SetLength(whole);
            warn?.Invoke($"{path} holds {found} bytes, fewer than the {keepBytes} its checkpoint recorded: records were lost; " +
                         $"kept its {whole} bytes of whole records and appending from there");
        }
        stream.Seek(0, SeekOrigin.End);
        _writer = new StreamWriter(stream) { AutoFlush = true };
    }

    /// <summary>Bytes written to the file so far.</summary>
    public long Length
    {
        get
        {
            lock (_lock) return _writer.BaseStream.Length;
        }
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Where records are mirrored as TensorBoard scalars too, or null.</summary>
    public TensorBoardWriter? TensorBoard { get; init; }

    /// <inheritdoc />
    public void Write(string kind, IReadOnlyDictionary<string, object?> fields)
    {
        var record = new Dictionary<string, object?>
        {
            ["kind"] = kind,
            ["time"] = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture),
        };
        foreach (var (k, v) in fields) record[k] = v is double d && !double.IsFinite(d) ? d.ToString(CultureInfo.InvariantCulture) : v;
        var line = JsonSerializer.Serialize(record);
        lock (_lock) _writer.WriteLine(line);
        TensorBoard?.Mirror(kind, fields);
    }

    /// <summary>Appends a record another writer wrote (a part's metrics joining its run's).</summary>
    public void WriteRecord(string jsonLine)
    {
        lock (_lock) _writer.WriteLine(jsonLine);
    }

    /// <summary>Reads the records of one kind back (for plots and reports).</summary>
    public static List<JsonElement> Read(string path, string kind)
    {
        var result = new List<JsonElement>();
        if (!File.Exists(path)) return result;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        int number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0) continue;
            JsonElement e;
            try
            {
                e = JsonDocument.Parse(line).RootElement;
            }
            catch (JsonException x)
            {
                throw new Data.DataFormatException($"{path}:{number}", "a line that is not a whole JSON record", "one JSON object per line", x);
            }
            if (e.TryGetProperty("kind", out var k) && k.GetString() == kind) result.Add(e);
        }
        return result;
    }

    // The byte after the last newline: records are whole lines.
    private static long EndOfLastWholeRecord(FileStream stream)
    {
        var buffer = new byte[4096];
        for (long end = stream.Length; end > 0;)
        {
            int n = (int)Math.Min(buffer.Length, end);
            stream.Seek(end - n, SeekOrigin.Begin);
            stream.ReadExactly(buffer, 0, n);
            int i = Array.LastIndexOf(buffer, (byte)'\n', n - 1);
            if (i >= 0) return end - n + i + 1;
            end -= n;
        }
        return 0;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _writer.Dispose();
        TensorBoard?.Dispose();
    }
}
