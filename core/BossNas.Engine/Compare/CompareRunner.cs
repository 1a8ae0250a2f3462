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
    /// <summary>The comparison table as JSON, written with the report (<c>{"arms": [...]}</c>, one row per arm as in <c>report.md</c>).</summary>
    public string TablePath => Path.Combine(config.Folder, CompareReport.TableFile);

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

    /// <summary>Runs or resumes the comparison with the config's executor (each arm × seed one unit), then reports.</summary>
    /// <returns>The results when every arm run finished; null when interrupted.</returns>
    public IReadOnlyList<ArmResult>? Run(IReadOnlyList<string> arms, int seeds, CancellationToken cancel)
    {
        var plan = Plan(arms, seeds);
        var units = plan.Select(u => new Execution.WorkUnit(
            Tag(u.Arm, u.Scale, u.Seed),
            ["compare", config.Path, "--unit", UnitKey(u.Arm, u.Scale, u.Seed), .. config.Overrides.SelectMany(o => new[] { "--set", o })],
            () => FinishedFolder(config.Bind(u.Arm, u.Seed, u.Scale)) is not null,
            token => RunUnit(u.Arm, u.Seed, token, u.Scale))).ToList();
        var executor = Execution.IExecutor.For(config.Bind(plan[0].Arm, plan[0].Seed, plan[0].Scale).Executor, config.Folder);
        if (!executor.Run(units, Report, cancel)) return null;
        var results = plan.Select(u =>
        {
            var rc = config.Bind(u.Arm, u.Seed, u.Scale);
            return ArmResult.Read(u.Arm, u.Seed, FinishedFolder(rc) ?? throw new InvalidOperationException($"{Tag(u.Arm, u.Scale, u.Seed)} did not finish"),
                rc, u.Scale);
        }).ToList();
        CompareReport.Write(config, results);
        return results;
    }

    /// <summary>A unit's name in progress lines: <c>&lt;arm&gt; seed &lt;n&gt;</c>, with <c>x&lt;budget&gt;</c> for a budget other than 1.</summary>
    private static string Tag(string arm, double scale, long seed) =>
        scale == 1.0
            ? string.Create(CultureInfo.InvariantCulture, $"{arm} seed {seed}")
            : string.Create(CultureInfo.InvariantCulture, $"{arm} x{scale:0.###} seed {seed}");

    /// <summary>A unit's <c>--unit</c> argument: <c>arm:seed</c>, or <c>arm:seed:budget</c>.</summary>
    public static string UnitKey(string arm, double scale, long seed) =>
        scale == 1.0
            ? string.Create(CultureInfo.InvariantCulture, $"{arm}:{seed}")
            : string.Create(CultureInfo.InvariantCulture, $"{arm}:{seed}:{scale:R}");

    /// <summary>
    /// The arm runs of <paramref name="arms"/> × budgets × <paramref name="seeds"/>, the smaller budgets first: a curve
    /// stopped part-way has every arm at its cheaper budgets.
    /// </summary>
    private List<(string Arm, double Scale, long Seed)> Plan(IReadOnlyList<string> arms, int seeds) =>
        arms.SelectMany(a => config.BudgetScales(a).SelectMany(b =>
                Enumerable.Range(0, seeds).Select(i => (Arm: a, Scale: b, Seed: config.Section.Seed + i))))
            .OrderBy(u => u.Scale).ToList();

    /// <summary>Writes the comparison's outputs from the arm runs finished so far; returns (finished, planned).</summary>
    public (int Finished, int Planned) WriteReport(IReadOnlyList<string> arms, int seeds)
    {
        var plan = Plan(arms, seeds);
        var results = new List<ArmResult>();
        foreach (var u in plan)
        {
            var rc = config.Bind(u.Arm, u.Seed, u.Scale);
            if (FinishedFolder(rc) is { } folder) results.Add(ArmResult.Read(u.Arm, u.Seed, folder, rc, u.Scale));
        }
        if (results.Count > 0) CompareReport.Write(config, results);
        return (results.Count, plan.Count);
    }

    /// <summary>Runs (or resumes) one arm × seed (at <paramref name="scale"/> times its supernet epochs) in this process; false when interrupted.</summary>
    public bool RunUnit(string arm, long seed, CancellationToken cancel, double scale = 1.0)
    {
        var rc = config.Bind(arm, seed, scale);
        var tag = Tag(arm, scale, seed);
        // An unfinished run of this arm made with another resolved config (the compare config changed since) is not this
        // arm's any more: the arm starts a new run beside it, as a finished run of another config is not reused either.
        bool changed = RunFolder.LatestUnfinished(Path.GetFullPath(rc.Run.Output), rc.Run.Name) is { } stale && stale.ConfigHash != rc.Hash();
        if (changed) Report($"{tag}: the config changed since its unfinished run was started; starting a new run (the old folder is kept)");
        Report($"{tag}: running");
        var options = new RunLauncher.Options(false, changed, Verbose) { StepObserver = StepObserver };
        var (outcome, folder) = RunLauncher.Launch(rc, null, host, options, cancel);
        if (outcome != PhaseRunner.Outcome.Finished)
        {
            Report($"{tag}: interrupted; run the same command again to resume it");
            return false;
        }
        var result = ArmResult.Read(arm, seed, folder, rc, scale);
        Report(string.Create(CultureInfo.InvariantCulture,
            $"{tag}: found {result.Architecture}, {(result.TestAccuracy is { } t ? $"test accuracy {t * 100:F2} %" : "not retrained")}, " +
            $"benchmark tau {result.Benchmark?.KendallTauB:F3}, {folder.Path}"));
        return true;
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
