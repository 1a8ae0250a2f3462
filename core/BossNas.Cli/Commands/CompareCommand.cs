using System.ComponentModel;
using System.Text.Json;
using BossNas.Cli.Json;
using BossNas.Cli.Settings;
using BossNas.Engine.Compare;
using BossNas.Engine.Data;

namespace BossNas.Cli.Commands;

/// <summary>
/// <c>bossnas compare &lt;config&gt; [--arms a,b] [--seeds N]</c>: runs every arm of a compare config on the same space,
/// data, budget and seeds, each an ordinary resumable run folder, and writes the comparison's report.
/// </summary>
[Description("Runs the arms of a compare config (strategy + evaluator + searcher each) on one space, budget and seeds, and reports them side by side")]
internal sealed class CompareCommand : BossNasCommand<CompareSettings>
{
    /// <inheritdoc/>
    protected override int Run(CompareSettings settings, CancellationToken cancellationToken)
    {
        var path = Hosting.RequireFile(settings.Config);
        using var host = Hosting.ForConfig(path, settings.Sets);
        using var stop = new StopSignals(cancellationToken);
        var config = CompareConfig.Load(path, settings.Sets, host);
        var runner = new CompareRunner(config, host) { Report = Console.WriteLine, Verbose = settings.Verbose };
        if (settings.Unit is { } unit)
        {
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            var parts = unit.Split(':');
            double scale = 1.0;
            if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || !long.TryParse(parts[1], inv, out long seed)
                || (parts.Length == 3 && !double.TryParse(parts[2], System.Globalization.NumberStyles.Float, inv, out scale)))
                throw new UsageException($"--unit {unit}: expected <arm>:<seed> or <arm>:<seed>:<budget>, e.g. spos:0");
            runner.Arms([parts[0]]);
            return runner.RunUnit(parts[0], seed, stop.Token, scale) ? ExitCodes.Ok : stop.ExitCode;
        }
        var arms = runner.Arms(settings.Arms?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        try
        {
            if (settings.ReportOnly)
            {
                var (finished, planned) = runner.WriteReport(arms, settings.Seeds ?? config.Section.Seeds);
                if (settings.Json)
                {
                    CliJson.Print(Table(config.Folder, runner.TablePath, finished, planned));
                    return ExitCodes.Ok;
                }
                Console.WriteLine($"{finished} of {planned} arm run(s) finished: {Path.Combine(config.Folder, "report.md")}");
                return ExitCodes.Ok;
            }
            var results = runner.Run(arms, settings.Seeds ?? config.Section.Seeds, stop.Token);
            if (results is null) return stop.ExitCode;
            Console.WriteLine($"comparison of {arms.Count} arm(s): {Path.Combine(config.Folder, "report.md")}");
            return ExitCodes.Ok;
        }
        catch (DataFormatException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    // The table the report was just written with; none (an empty list) before any arm run finished.
    private static CompareJson Table(string folder, string tablePath, int finished, int planned)
    {
        if (finished == 0) return new CompareJson(folder, null, 0, planned, JsonDocument.Parse("[]").RootElement);
        using var table = JsonDocument.Parse(File.ReadAllText(tablePath));
        return new CompareJson(folder, Path.Combine(folder, "report.md"), finished, planned, table.RootElement.GetProperty("arms").Clone());
    }
}
