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
    /// run resumes from had written; 0 for a fresh run), so records of redone work are not doubled.
    /// </summary>
    public MetricsWriter(string path, long keepBytes = 0)
    {
        Path = path;
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        if (stream.Length > keepBytes) stream.SetLength(keepBytes);
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
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var e = JsonDocument.Parse(line).RootElement;
            if (e.TryGetProperty("kind", out var k) && k.GetString() == kind) result.Add(e);
        }
        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _writer.Dispose();
        TensorBoard?.Dispose();
    }
}
