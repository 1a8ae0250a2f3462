using System.Globalization;
using BossNas.Engine.Config;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Plugins;
using BossNas.Engine.Runs;

namespace BossNas.Engine.Compare;

/// <summary>
/// <c>bossnas compare</c>: runs every arm × seed of a <see cref="CompareConfig"/> as an ordinary run folder under
/// <c>&lt;compare folder&gt;/runs/&lt;arm&gt;-seed&lt;n&gt;/</c>, in order, in this process. A finished arm run (same resolved
/// config) is skipped and an unfinished one resumed, so a rerun after an interruption continues where it stopped.
/// Then writes <c>report.md</c>, <c>results.csv</c> and the plots.
/// </summary>
public sealed class CompareRunner(CompareConfig config, PluginHost host)
{
    /// <summary>One line per arm run (started, skipped, finished).</summary>
    public Action<string> Report { get; init; } = _ => { };

    /// <summary>Debug logging in each run.</summary>
    public bool Verbose { get; init; }

    /// <summary>Called after every optimiser step (tests interrupt a comparison with it).</summary>
    public Action<string, Training.StepMetrics>? StepObserver { get; init; }

    /// <summary>The arms to run: <paramref name="requested"/>, else [compare] arms, else all declared.</summary>
    /// <exception cref="ConfigException">An arm is not declared.</exception>
    public IReadOnlyList<string> Arms(IReadOnlyList<string>? requested)
    {
        var arms = requested is { Count: > 0 } ? requested : config.Section.Arms.Count > 0 ? config.Section.Arms : config.ArmNames;
        var unknown = arms.Where(a => !config.ArmNames.Contains(a)).ToList();
        if (unknown.Count > 0)
            throw new ConfigException([new ConfigError(config.Path, 0, 0,
                $"no arm {string.Join(", ", unknown)}; declared: {string.Join(", ", config.ArmNames)}")]);
        return arms;
    }

    /// <summary>Runs or resumes the comparison.</summary>
    /// <returns>The results when every arm run finished; null when interrupted.</returns>
    public IReadOnlyList<ArmResult>? Run(IReadOnlyList<string> arms, int seeds, CancellationToken cancel)
    {
        var results = new List<ArmResult>();
        var units = arms.SelectMany(a => Enumerable.Range(0, seeds).Select(i => (Arm: a, Seed: config.Section.Seed + i))).ToList();
        for (int u = 0; u < units.Count; u++)
        {
            var (arm, seed) = units[u];
            var rc = config.Bind(arm, seed);
            var tag = string.Create(CultureInfo.InvariantCulture, $"[{u + 1}/{units.Count}] {arm} seed {seed}");
            if (FinishedFolder(rc) is { } done)
            {
                Report($"{tag}: finished before, {done.Path}");
                results.Add(ArmResult.Read(arm, seed, done, rc));
                continue;
            }
            Report($"{tag}: running");
            var options = new RunLauncher.Options(false, false, Verbose) { StepObserver = StepObserver };
            var (outcome, folder) = RunLauncher.Launch(rc, null, host, options, cancel);
            if (outcome != SearchPipeline.Outcome.Finished)
            {
                Report($"{tag}: interrupted; run the same command again to resume it");
                return null;
            }
            var result = ArmResult.Read(arm, seed, folder, rc);
            results.Add(result);
            Report(string.Create(CultureInfo.InvariantCulture,
                $"{tag}: found {result.Architecture}, test accuracy {result.TestAccuracy * 100:F2} %, {folder.Path}"));
        }
        CompareReport.Write(config, results);
        return results;
    }

    /// <summary>The newest finished run folder of this arm run with the same resolved config, or null.</summary>
    private static RunFolder? FinishedFolder(RunConfig rc)
    {
        var root = Path.Combine(Path.GetFullPath(rc.Run.Output), rc.Run.Name);
        if (!Directory.Exists(root)) return null;
        var hash = rc.Hash();
        return Directory.GetDirectories(root).Order(StringComparer.Ordinal).Reverse().Where(RunFolder.IsRunFolder).Select(RunFolder.Open)
            .FirstOrDefault(f => f.IsDone && f.ConfigHash == hash);
    }
}
