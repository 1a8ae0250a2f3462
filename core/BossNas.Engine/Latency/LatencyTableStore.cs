using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BossNas.Core.Architectures;
using BossNas.Core.Platform;
using BossNas.Core.Spaces;
using NLog;

namespace BossNas.Engine.Latency;

/// <summary>
/// Where latency tables are kept: one JSON file per space layout, input shape, thread count and batch on this machine,
/// under <c>latency/</c> of the per-machine cache (<see cref="CpuInfo.CacheRoot"/>), named like the oneDNN verdict by a
/// hash of the CPU model and flags, the TorchSharp version, the threads, the batch and the space's layers
/// (<see cref="Fingerprint"/>), so a table is built once per machine and library and never read on another. A table is
/// also kept in memory for the process; layers it lacks are timed when first asked for and the file rewritten.
/// </summary>
public static class LatencyTableStore
{
    /// <summary>Bumped when the way tables are timed changes, so older tables are not read.</summary>
    public const int Version = 1;

    private static readonly Logger Log = LogManager.GetLogger("latency");
    private static readonly ConcurrentDictionary<string, LatencyTable> Loaded = new(StringComparer.Ordinal);
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>A hash of every layer key of the space at <paramref name="input"/>: two configurations of a space share a table only when they have the same layers.</summary>
    public static string Fingerprint(ISearchSpace space, InputShape input)
    {
        var keys = (space.AllLayers(input) ?? []).Select(l => l.TableKey).Distinct().Order(StringComparer.Ordinal);
        var text = $"{space.GetType().FullName}|{input}|{string.Join('\n', keys)}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    /// <summary>The file of the table for <paramref name="space"/> at <paramref name="input"/> with these options.</summary>
    public static string FileOf(ISearchSpace space, InputShape input, LatencyOptions options)
    {
        var signature = CpuInfo.Signature(string.Create(CultureInfo.InvariantCulture,
            $"latency-table {Version}|threads {options.Threads}|batch {options.Batch}|{Fingerprint(space, input)}"));
        var name = string.Create(CultureInfo.InvariantCulture,
            $"{space.GetType().Name}-{input.Channels}x{input.Height}x{input.Width}-t{options.Threads}-b{options.Batch}-{signature}.json");
        return Path.Combine(CpuInfo.CacheRoot(), "latency", name);
    }

    /// <summary>
    /// The table of <paramref name="space"/> at <paramref name="input"/>: from this process, else from the cache file
    /// (when <see cref="PredictedLatencyOptions.Cache"/>), else built now with a <see cref="ForwardTimer"/> and saved.
    /// <paramref name="rebuild"/> builds it anew whatever exists.
    /// </summary>
    public static LatencyTable Get(ISearchSpace space, InputShape input, PredictedLatencyOptions options, bool rebuild = false)
    {
        var file = FileOf(space, input, options);
        string memo = options.Cache ? file : file + "#memory";
        if (!rebuild && Loaded.TryGetValue(memo, out var known)) return known;
        var table = !rebuild && options.Cache ? Read(file) : null;
        if (table is null)
        {
            table = Build(space, input, options);
            if (options.Cache) Save(file, table);
        }
        Loaded[memo] = table;
        return table;
    }

    /// <summary>Times the layers of <paramref name="layers"/> that <paramref name="table"/> lacks and saves it when it is cached.</summary>
    public static void Complete(LatencyTable table, IReadOnlyList<NetworkLayer> layers, ISearchSpace space, InputShape input, PredictedLatencyOptions options)
    {
        if (table.Missing(layers).Count == 0) return;
        lock (table)
        {
            int added = table.Add(layers, new ForwardTimer(options).Time);
            if (added > 0 && options.Cache) Save(FileOf(space, input, options), table);
        }
    }

    private static LatencyTable Build(ISearchSpace space, InputShape input, PredictedLatencyOptions options)
    {
        var count = NetworkLayer.Distinct(space.AllLayers(input) ?? []).Count;
        Log.Info("Building the latency table of {Space} at {Input}: {Count} layers, {Threads} thread(s), batch {Batch}, {Rounds} x {Runs} timed runs each",
            space.GetType().Name, input, count, options.Threads, options.Batch, options.Rounds, options.Runs);
        var table = LatencyTableBuilder.Build(space, input, new ForwardTimer(options).Time, options.Calibration, options.Rounds,
            (done, all) => { if (done % 200 == 0) Log.Info("latency table: {Done} of {All} layers timed", done, all); });
        foreach (var (k, v) in new Dictionary<string, string>
                 {
                     ["space"] = space.GetType().Name, ["input"] = input.ToString(), ["threads"] = options.Threads.ToString(CultureInfo.InvariantCulture),
                     ["batch"] = options.Batch.ToString(CultureInfo.InvariantCulture), ["runs"] = options.Runs.ToString(CultureInfo.InvariantCulture), ["rounds"] = options.Rounds.ToString(CultureInfo.InvariantCulture),
                     ["warmup"] = options.Warmup.ToString(CultureInfo.InvariantCulture), ["cpu"] = CpuInfo.Model(),
                     ["torchsharp"] = CpuInfo.TorchSharpVersion(), ["built"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                 })
            table.Built[k] = v;
        Log.Info("Latency table built in {Seconds:F1} s: {Count} layers, fixed overhead {Overhead:F3} ms over {Calibration} whole networks",
            table.BuildSeconds, table.Entries.Count, table.OverheadMs, table.CalibrationArchitectures);
        return table;
    }

    private static LatencyTable? Read(string file)
    {
        if (!File.Exists(file)) return null;
        try
        {
            var table = JsonSerializer.Deserialize<LatencyTable>(File.ReadAllText(file), Json);
            if (table is not null) Log.Debug("Latency table read from {File}", file);
            return table;
        }
        catch (JsonException e)
        {
            Log.Warn("Latency table {File} is damaged ({Reason}); building it again", file, e.Message);
            return null;
        }
    }

    private static void Save(string file, LatencyTable table)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var tmp = file + "." + Environment.ProcessId + ".tmp";
            File.WriteAllText(tmp, JsonSerializer.Serialize(table, Json));
            File.Move(tmp, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warn("Latency table not cached in {File}: {Reason}", file, e.Message);
        }
    }
}
