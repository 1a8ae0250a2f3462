using System.ComponentModel;
using System.Globalization;
using BossNas.Cli.Json;
using BossNas.Cli.Settings;
using BossNas.Engine.Reports;
using BossNas.Engine.Runs;

namespace BossNas.Cli.Commands;

/// <summary>
/// <c>bossnas runs [&lt;output root&gt;]</c>: lists the runs and comparisons under a folder, newest first, with their status
/// read from the folders, and writes <c>index.html</c> there linking every report.
/// </summary>
[Description("Lists the runs and comparisons under an output folder (status, found architecture, accuracy, time) and writes its index.html")]
internal sealed class RunsCommand : BossNasCommand<RunsSettings>
{
    /// <inheritdoc/>
    protected override int Run(RunsSettings settings, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(settings.Root)) throw new UsageException($"{settings.Root}: no such folder");
        var entries = RunIndex.Scan(settings.Root);
        string? index = null;
        try
        {
            index = IndexPage.Write(settings.Root, entries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An archive on read-only storage is still listed; only its page is not written.
            Console.Error.WriteLine($"warning: index.html not written: {e.Message}");
        }
        if (settings.Json)
        {
            CliJson.Print(new RunsJson(Path.GetFullPath(settings.Root), index, entries));
            return ExitCodes.Ok;
        }
        var inv = CultureInfo.InvariantCulture;
        var root = Path.GetFullPath(settings.Root);
        foreach (var e in entries)
        {
            var what = e.Architecture is { } a ? $"found {a}" : "nothing found yet";
            var accuracy = e.Accuracy is { } x ? string.Create(inv, $", {x * 100:F2} %") : "";
            var time = e.Seconds is { } s ? $", {IndexPage.Duration(s)}" : "";
            var hash = e.ConfigHash is { Length: >= 12 } h ? $" {h[..12]}" : "";
            Console.WriteLine($"{e.Started.ToString("yyyy-MM-dd HH:mm", inv)}  {e.Status.ToString().ToLowerInvariant(),-11} {e.Kind,-10} " +
                              $"{e.Name}{hash}  {what}{accuracy}{time}  {Path.GetRelativePath(root, e.Path)}");
            if (e.Failure is { } f) Console.WriteLine($"      {f}");
        }
        Console.WriteLine($"{entries.Count} run(s) and comparison(s){(index is null ? "" : "; " + index)}");
        return ExitCodes.Ok;
    }
}
