using System.ComponentModel;
using System.Globalization;
using BossNas.Cli.Settings;
using BossNas.Engine.Conformance;
using BossNas.Engine.Plugins;

namespace BossNas.Cli.Commands;

/// <summary>
/// <c>bossnas check-plugin &lt;folder&gt;</c>: loads a plugin's build output beside the shipped plugins and runs the
/// host's conformance suite on its components. Exit 0 when no check fails (a check that cannot run on the plugin is SKIP, with the reason), 1 when one fails, 2 when the folder
/// holds no plugin.
/// </summary>
[Description("Runs the host's conformance suite on an external plugin's components (its build output folder)")]
internal sealed class CheckPluginCommand : BossNasCommand<CheckPluginSettings>
{
    /// <inheritdoc/>
    protected override int Run(CheckPluginSettings settings, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(settings.Folder)) throw new UsageException($"{settings.Folder}: no such folder");
        var files = PluginChecker.PluginFiles(settings.Folder);
        if (files.Count == 0) throw new UsageException($"{settings.Folder}: no plugin assembly (an X.dll beside its X.deps.json)");
        using var host = PluginHost.Load([PluginHost.DefaultRoot], pluginFiles: files);
        foreach (var f in host.Failures.Where(f => files.Contains(f.Path)))
            Console.Error.WriteLine($"error: {f.Path}: {f.Reason}");
        var root = Path.GetFullPath(settings.Folder);
        var mine = host.Components.Where(c => c.AssemblyPath.StartsWith(root, StringComparison.Ordinal)).ToList();
        if (mine.Count == 0)
        {
            Console.Error.WriteLine($"error: {settings.Folder}: no component was registered from it");
            return ExitCodes.BadInput;
        }
        Console.WriteLine($"checking {string.Join(", ", mine.Select(c => $"{c.Kind} {c.Name}"))}");
        var work = Directory.CreateTempSubdirectory("bossnas-check-").FullName;
        try
        {
            var outcomes = PluginChecker.Check(host, settings.Folder, work, o =>
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{o.Label}  {o.Check}  ({o.Seconds:F1} s){(o.Passed ? "" : Environment.NewLine + "      " + o.Detail)}"));
                if (settings.Verbose && o.Stack.Length > 0) Console.WriteLine("      " + o.Stack.ReplaceLineEndings(Environment.NewLine + "      "));
            });
            int failed = outcomes.Count(o => o.Status == CheckStatus.Fail), skipped = outcomes.Count(o => o.Status == CheckStatus.Skip);
            Console.WriteLine($"{outcomes.Count - failed - skipped} passed, {failed} failed, {skipped} skipped");
            return failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
