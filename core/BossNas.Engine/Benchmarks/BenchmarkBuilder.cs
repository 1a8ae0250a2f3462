using System.Diagnostics;
using System.Globalization;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Config;
using BossNas.Engine.Data;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Plugins;
using BossNas.Engine.Runs;
using BossNas.Core.Architectures;

namespace BossNas.Engine.Benchmarks;

/// <summary>
/// Builds (or continues) a ground-truth benchmark: draws the plan once, then trains each unit (architecture × seed)
/// in its own run folder <c>runs/&lt;architecture&gt;-seed&lt;n&gt;/</c> with the recipe. A finished unit is skipped, an
/// unfinished one is started again, and a unit another process is training (its run lock is held) is left to that
/// process, so several builders can share one benchmark. The table and README are rewritten after every unit.
/// </summary>
public sealed class BenchmarkBuilder
{
    private readonly string _recipe;
    private readonly IReadOnlyList<string> _overrides;
    private readonly PluginHost _host;

    /// <summary>Creates a builder for the benchmark folder <paramref name="folder"/>.</summary>
    /// <param name="recipe">The training recipe (a config whose <c>[retrain]</c> section is the recipe).</param>
    /// <param name="overrides"><c>--set</c> overrides applied to the recipe.</param>
    /// <param name="folder">The benchmark folder (created on demand).</param>
    /// <param name="host">Plugins.</param>
    public BenchmarkBuilder(string recipe, IReadOnlyList<string> overrides, string folder, PluginHost host)
    {
        _recipe = Path.GetFullPath(recipe);
        _overrides = overrides;
        _host = host;
        Folder = Path.GetFullPath(folder);
    }

    /// <summary>The benchmark folder.</summary>
    public string Folder { get; }

    /// <summary>Where each unit's run folder lives.</summary>
    public string RunsFolder => Path.Combine(Folder, "runs");

    /// <summary>Reports one line per unit (started, skipped, finished).</summary>
    public Action<string> Report { get; init; } = _ => { };

    /// <summary>Called after every optimiser step of a unit trained in this process (phase, metrics).</summary>
    public Action<string, Training.StepMetrics>? StepObserver { get; init; }

    /// <summary>Logs each unit's run at debug level.</summary>
    public bool Verbose { get; init; }

    /// <summary>Architectures of a new plan when none is asked for.</summary>
    public const int DefaultArchitectures = 128;

    /// <summary>Repeated architectures of a new plan when none are asked for.</summary>
    public const int DefaultRepeats = 32;

    /// <summary>
    /// The saved plan, or a new one of <paramref name="count"/> architectures, <paramref name="repeats"/> of them twice;
    /// a number left null is the saved plan's (a new plan's default without one).
    /// </summary>
    /// <exception cref="ConfigException">A saved plan differs in size from the one asked for.</exception>
    public BenchmarkPlan Plan(int? count = null, int? repeats = null)
    {
        var config = RunConfig.Load(_recipe, _overrides, _host, ConfigUse.Train);
        if (BenchmarkPlan.Read(Folder) is { } saved)
        {
            int had = saved.Architectures.Count(a => a.Repeated);
            count ??= saved.Architectures.Count;
            repeats ??= had;
            if (saved.Architectures.Count != count || repeats < had || repeats > count)
                throw new ConfigException([new ConfigError(Path.Combine(Folder, BenchmarkPlan.FileName), 0, 0,
                    $"the saved plan has {saved.Architectures.Count} architectures ({had} repeated), " +
                    $"not {count} ({repeats}): pass those numbers (more repeats, up to all, grow the plan), or delete the plan to draw a new benchmark")]);
            if (repeats == had) return saved;
            // More repeats grow the saved plan: every training done stays valid, only second-seed trainings are added.
            var grown = saved.WithRepeats(repeats.Value);
            grown.Write(Folder);
            return grown;
        }
        var components = ComponentSet.Create(config, _host);
        var plan = BenchmarkPlan.Draw(components.Space, config[Core.Components.ComponentKind.SearchSpace].Plugin, DatasetShapes.Of(config.Data, config.ResolvePath),
            count ?? DefaultArchitectures, Math.Min(repeats ?? DefaultRepeats, count ?? DefaultArchitectures), config.Run.Seed);
        Directory.CreateDirectory(Folder);
        plan.Write(Folder);
        var copy = Path.Combine(Folder, Path.GetFileName(_recipe));
        if (!string.Equals(copy, _recipe, StringComparison.Ordinal)) File.Copy(_recipe, copy, overwrite: true);
        return plan;
    }

    /// <summary>
    /// Trains every unit of <paramref name="plan"/> not done yet with the recipe's executor (in this process, one child
    /// process per unit, or one Slurm array task per unit); returns the noise ceiling of what is done.
    /// </summary>
    /// <returns>Null when interrupted; otherwise the number of units done and the noise ceiling.</returns>
    public (int Done, BenchmarkTable.NoiseCeiling Noise)? Build(BenchmarkPlan plan, CancellationToken cancel)
    {
        var all = plan.Units.ToList();
        var recorded = BenchmarkTable.Read(Folder, plan);
        var watch = Stopwatch.StartNew();
        int trainedHere = 0;
        var units = all.Select((unit, i) => new Execution.WorkUnit(
            string.Create(CultureInfo.InvariantCulture, $"{unit.Architecture} seed {unit.Seed}"),
            ["benchmark", _recipe, "--out", Folder, "--architectures", plan.Architectures.Count.ToString(CultureInfo.InvariantCulture),
             "--repeats", plan.Architectures.Count(a => a.Repeated).ToString(CultureInfo.InvariantCulture),
             "--unit", string.Create(CultureInfo.InvariantCulture, $"{unit.Architecture}:{unit.Seed}"), .. _overrides.SelectMany(o => new[] { "--set", o })],
            () => recorded.ContainsKey(unit) || Finished(unit),
            token =>
            {
                var result = TrainUnit(unit, token);
                if (result is null) return !token.IsCancellationRequested;
                trainedHere++;
                var eta = watch.Elapsed / trainedHere * all.Skip(i + 1).Count(u => !recorded.ContainsKey(u) && !Finished(u));
                Report(string.Create(CultureInfo.InvariantCulture,
                    $"[{i + 1}/{all.Count}] {unit.Architecture} seed {unit.Seed}: {result.Accuracy:F2} % in {result.Seconds:F0} s; about {eta.TotalMinutes:F0} min left"));
                WriteTable(plan);
                return true;
            }) { Collected = () => WriteTable(plan) }).ToList();
        var executor = Execution.IExecutor.For(RunConfig.Load(_recipe, _overrides, _host, ConfigUse.Train).Executor, Folder);
        // Finished units of earlier builds are not listed one by one.
        bool finished = executor.Run(units, line => { if (!line.EndsWith(": finished before", StringComparison.Ordinal)) Report(line); }, cancel);
        var table = WriteTable(plan);
        return finished ? table : null;
    }

    /// <summary>
    /// Trains one unit in this process unless it is done or another process holds its run folder (then null); null too
    /// when interrupted.
    /// </summary>
    /// <param name="unit">The unit.</param>
    /// <param name="cancel">Stops the training after a checkpoint.</param>
    /// <param name="skipHeld">
    /// Leave a unit another process holds to that process (null); false throws instead, so that a unit started by a
    /// process executor tells its coordinator, which waits for the holder.
    /// </param>
    /// <exception cref="RunFolderInUseException">Another process holds the unit's run folder and <paramref name="skipHeld"/> is false.</exception>
    public BenchmarkUnitResult? TrainUnit(BenchmarkUnit unit, CancellationToken cancel, bool skipHeld = true)
    {
        var folder = Path.Combine(RunsFolder, unit.FolderName);
        if (BenchmarkUnitResult.Read(Path.Combine(folder, "result.json")) is { } done) return done;
        Directory.CreateDirectory(folder);
        RunFolderLock held;
        try
        {
            held = RunFolderLock.Acquire(RunFolder.Open(folder));
        }
        catch (RunFolderInUseException) when (skipHeld)
        {
            Report($"{unit.Architecture} seed {unit.Seed}: being trained by another process, skipped");
            return null;
        }
        return Train(unit, folder, held, cancel);
    }

    /// <summary>Rewrites the table and README from the units finished so far.</summary>
    public (int Done, BenchmarkTable.NoiseCeiling Noise) WriteTable(BenchmarkPlan plan)
    {
        var results = BenchmarkTable.Read(Folder, plan);
        foreach (var unit in plan.Units)
            if (BenchmarkUnitResult.Read(Path.Combine(RunsFolder, unit.FolderName, "result.json")) is { } r) results[unit] = r;
        var noise = BenchmarkTable.Write(Folder, plan, results);
        BenchmarkTable.WriteReadme(Folder, plan, Path.GetFileName(_recipe), results.Count, plan.Units.Count(), results.Values.Sum(r => r.Seconds), noise);
        return (results.Count, noise);
    }

    private bool Finished(BenchmarkUnit unit) => File.Exists(Path.Combine(RunsFolder, unit.FolderName, "result.json"));

    // Trains the unit in its folder, whose lock the caller holds: from its newest checkpoint when one of the same recipe and
    // architecture is there (an interrupted unit resumes like any run), else from scratch in a cleared folder.
    private BenchmarkUnitResult? Train(BenchmarkUnit unit, string path, RunFolderLock held, CancellationToken cancel)
    {
        var overrides = _overrides.Append(string.Create(CultureInfo.InvariantCulture, $"run.seed={unit.Seed}")).ToList();
        var config = RunConfig.Load(_recipe, overrides, _host, ConfigUse.Train);
        var components = ComponentSet.Create(config, _host);
        var existing = RunFolder.Open(path);
        using var open = OpenRun.Holding(existing, held, () => new RunState(), Report, restoreTorchRng: false);
        bool resumes = open.Resumed && existing.ConfigHash == config.Hash() && open.State.Architecture == unit.Architecture;
        if (!resumes)
        {
            foreach (var file in Directory.EnumerateFileSystemEntries(path))
            {
                var name = Path.GetFileName(file);
                if (name is "run.lock" or "run.pid") continue;
                if (Directory.Exists(file)) Directory.Delete(file, recursive: true); else File.Delete(file);
            }
        }
        var folder = resumes ? existing : RunFolder.CreateAt(path, config.ToResolvedToml(), config.Hash());
        var watch = Stopwatch.StartNew();
        var accuracy = TrainLauncher.TrainInto(config, components, folder, Architecture.Parse(unit.Architecture), Verbose, cancel,
            resumes ? open : null, StepObserver);
        if (accuracy is null) return null;
        var result = new BenchmarkUnitResult { Architecture = unit.Architecture, Seed = unit.Seed, Accuracy = accuracy.Value * 100, Seconds = watch.Elapsed.TotalSeconds };
        result.Write(folder.File("result.json"));
        return result;
    }
}
