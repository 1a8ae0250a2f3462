using System.Globalization;
using System.Text.Json;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Compare;

namespace BossNas.Engine.Runs;

/// <summary>
/// <c>bossnas runs</c>: every run and comparison under an output root, read from the folders themselves (the resolved
/// config and its hash, <c>state.json</c>, the <c>done</c> and <c>failed</c> markers, whether <c>run.lock</c> is held),
/// so a folder copied, moved or restored elsewhere is listed exactly as where it was made. Newest first.
/// </summary>
public static class RunIndex
{
    // Deep enough for <root>/<name>-compare/runs/<arm>/<stamp>/ below a folder of outputs; run folders end the descent.
    private const int MaxDepth = 8;

    /// <summary>The runs and comparisons under <paramref name="root"/>, newest first.</summary>
    /// <param name="root">An output folder (<c>[run] output</c>), a comparison folder, or a run folder.</param>
    public static IReadOnlyList<RunEntry> Scan(string root)
    {
        var found = new List<RunEntry>();
        Walk(Path.GetFullPath(root), 0, null, found);
        return found.OrderByDescending(e => e.Started).ThenBy(e => e.Path, StringComparer.Ordinal).ToList();
    }

    private static void Walk(string folder, int depth, string? comparison, List<RunEntry> found)
    {
        if (RunFolder.IsRunFolder(folder))
        {
            found.Add(Run(folder, comparison));
            return;
        }
        if (IsComparison(folder))
        {
            var arms = new List<RunEntry>();
            foreach (var sub in Subfolders(folder)) Walk(sub, depth + 1, Path.GetFileName(folder), arms);
            found.Add(Comparison(folder, arms));
            found.AddRange(arms);
            return;
        }
        if (depth >= MaxDepth) return;
        foreach (var sub in Subfolders(folder)) Walk(sub, depth + 1, comparison, found);
    }

    private static IEnumerable<string> Subfolders(string folder)
    {
        try
        {
            return Directory.GetDirectories(folder).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    // What `bossnas compare` leaves: <name>-compare/ with runs/ before any report, report.md and results.csv after.
    private static bool IsComparison(string folder) =>
        (File.Exists(Path.Combine(folder, "report.md")) && File.Exists(Path.Combine(folder, "results.csv")))
        || (Path.GetFileName(folder).EndsWith("-compare", StringComparison.Ordinal) && Directory.Exists(Path.Combine(folder, "runs")));

    private static RunEntry Run(string path, string? comparison)
    {
        var folder = RunFolder.Open(path);
        var state = State(folder);
        var failure = folder.Failure;
        var status = folder.IsDone ? RunStatus.Finished
            : RunFolderLock.IsHeld(path) ? RunStatus.Running
            : failure is not null ? RunStatus.Failed
            : RunStatus.Interrupted;
        var results = state?.Results;
        double? seconds = state is { Seconds.Count: > 0 } ? state.Seconds.Values.Sum() : null;
        return new RunEntry("run", Path.GetFileName(Path.GetDirectoryName(path)) ?? "", path, status, Started(path), folder.ConfigHash,
            state?.Architecture, results?.Retrain ?? results?.Inherit ?? results?.Train, seconds, Report(path), comparison,
            status == RunStatus.Failed ? failure : null);
    }

    private static RunEntry Comparison(string path, IReadOnlyList<RunEntry> arms)
    {
        var status = arms.Any(a => a.Status == RunStatus.Running) ? RunStatus.Running
            : arms.Any(a => a.Status == RunStatus.Failed) ? RunStatus.Failed
            : arms.Count == 0 || arms.Any(a => a.Status == RunStatus.Interrupted) || !File.Exists(Path.Combine(path, "report.md")) ? RunStatus.Interrupted
            : RunStatus.Finished;
        var (architecture, accuracy) = BestArm(path);
        var started = arms.Count > 0 ? arms.Min(a => a.Started) : Directory.GetLastWriteTime(path);
        double? seconds = arms.Any(a => a.Seconds is not null) ? arms.Sum(a => a.Seconds ?? 0) : null;
        return new RunEntry("comparison", Path.GetFileName(path), path, status, started, null, architecture, accuracy, seconds, Report(path));
    }

    // The arm with the best mean test accuracy in table.json (the report's rows); a comparison reported before table.json
    // existed, or before any accuracy, has none.
    private static (string? Architecture, double? Accuracy) BestArm(string path)
    {
        var table = Path.Combine(path, CompareReport.TableFile);
        if (!File.Exists(table)) return (null, null);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(table));
            var best = doc.RootElement.GetProperty("arms").EnumerateArray()
                .Where(r => r.TryGetProperty("accuracy_mean", out var a) && a.ValueKind == JsonValueKind.Number)
                .OrderByDescending(r => r.GetProperty("accuracy_mean").GetDouble()).Select(r => (JsonElement?)r).FirstOrDefault();
            if (best is not { } row) return (null, null);
            return ($"{row.GetProperty("arm").GetString()}: {row.GetProperty("architectures").GetString()}",
                row.GetProperty("accuracy_mean").GetDouble() / 100);
        }
        catch (Exception e) when (e is JsonException or IOException or KeyNotFoundException or InvalidOperationException)
        {
            return (null, null); // a damaged table hides the figures, not the comparison
        }
    }

    // state.json is replaced atomically at each checkpoint; one damaged by hand hides the figures, not the run.
    private static RunState? State(RunFolder folder)
    {
        var file = folder.File("state.json");
        if (!File.Exists(file)) return null;
        try
        {
            return RunState.FromJson(File.ReadAllText(file));
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or IOException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    // The folder's own name says when it started (RunFolder.Create), and survives a copy that resets file times.
    private static DateTime Started(string path)
    {
        var name = Path.GetFileName(path);
        var stamp = name.Length >= 15 ? name[..15] : name;
        return DateTime.TryParseExact(stamp, "yyyyMMdd-HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var t)
            ? t
            : File.GetLastWriteTime(Path.Combine(path, RunFolder.ConfigFile));
    }

    private static string? Report(string path) =>
        File.Exists(Path.Combine(path, Reports.HtmlReport.FileName)) ? Path.Combine(path, Reports.HtmlReport.FileName)
        : File.Exists(Path.Combine(path, "report.md")) ? Path.Combine(path, "report.md")
        : null;
}
