using System.Globalization;
using BossNas.Engine.Config;
using BossNas.Engine.Plugins;
using Tomlyn.Model;

using BossNas.Engine.Pipeline;

namespace BossNas.Engine.Compare;

/// <summary>
/// A compare config: an ordinary run config (space, data, budgets, retraining recipe) plus <c>[compare]</c> and one
/// <c>[arms.&lt;name&gt;]</c> table per arm. An arm replaces the <c>[supervision]</c>, <c>[evaluator]</c> and
/// <c>[searcher]</c> sections with its own subtables and may override keys of <c>[train]</c>, <c>[teacher]</c> and
/// <c>[pipeline]</c> (to give every arm the same supernet budget in images seen, or a teacher phase); the space, data
/// and retraining recipe stay the same for all arms. Errors point at the arm's own lines.
/// </summary>
public sealed class CompareConfig
{
    /// <summary>Arm subtables that replace the base section.</summary>
    public static readonly string[] Replaced = ["supervision", "evaluator", "searcher"];

    /// <summary>Arm subtables whose keys override the base section's.</summary>
    public static readonly string[] Merged = ["train", "teacher", "pipeline"];

    private readonly TomlDocument _base;
    private readonly Dictionary<string, TomlTable> _arms;
    private readonly PluginHost _host;
    private readonly IReadOnlyList<string> _overrides;
    private readonly Dictionary<string, List<double>> _armScales = new(StringComparer.Ordinal);
    // Each arm's own epochs and phases, read before any binding: a binding's overrides write into the shared tables.
    private readonly Dictionary<string, (int Epochs, List<string> Phases)> _plain = new(StringComparer.Ordinal);
    // Where [compare] benchmark is set: every arm's errors about the benchmark point there (and so show once).
    private ConfigKey? _benchmarkKey;

    private CompareConfig(string path, TomlDocument doc, Dictionary<string, TomlTable> arms, CompareSection section, PluginHost host,
        IReadOnlyList<string> overrides)
    {
        Path = System.IO.Path.GetFullPath(path);
        _base = doc;
        _arms = arms;
        Section = section;
        _host = host;
        _overrides = overrides;
    }

    /// <summary>The config file.</summary>
    public string Path { get; }

    /// <summary>The <c>--set</c> overrides every arm gets.</summary>
    public IReadOnlyList<string> Overrides => _overrides;

    /// <summary>The plugin host the arms bind against (the report builds an arm's space and metrics from it).</summary>
    internal PluginHost Host => _host;

    /// <summary>The <c>[compare]</c> settings.</summary>
    public CompareSection Section { get; }

    /// <summary>The arms in declaration order.</summary>
    public IReadOnlyList<string> ArmNames => _arms.Keys.ToList();

    /// <summary>Where the comparison lives: <c>&lt;run.output&gt;/&lt;run.name&gt;-compare</c>.</summary>
    public string Folder { get; private set; } = "";

    /// <summary>
    /// Loads the config and binds every arm once (seed 0 of the comparison), so every error of every arm is reported
    /// before anything runs.
    /// </summary>
    /// <exception cref="ConfigException">The config or an arm is invalid; errors carry file:line:column.</exception>
    public static CompareConfig Load(string path, IReadOnlyList<string> overrides, PluginHost host)
    {
        var doc = TomlDocument.Load(path);
        var errors = new List<ConfigError>();
        var root = doc.Root;
        var section = root.TryGetValue("compare", out var c) && c is TomlTable ct
            ? (CompareSection)OptionsBinder.Bind(typeof(CompareSection), ct, doc, "compare", errors)
            : new CompareSection();
        foreach (var metric in section.FrontMetrics.Where(m => host.Find(Core.Components.ComponentKind.CostMetric, m) is null))
            errors.Add(root["compare"] is TomlTable cmp ? doc.ErrorAt(cmp, "front_metrics", $"compare.front_metrics: {host.UnknownMessage(Core.Components.ComponentKind.CostMetric, metric)}")
                : new ConfigError(doc.Source, 0, 0, $"compare.front_metrics: {host.UnknownMessage(Core.Components.ComponentKind.CostMetric, metric)}"));
        var arms = new Dictionary<string, TomlTable>(StringComparer.Ordinal);
        var armScales = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        if (!root.TryGetValue("arms", out var a) || a is not TomlTable armsTable || armsTable.Count == 0)
        {
            errors.Add(new ConfigError(doc.Source, 0, 0, "a compare config needs at least one [arms.<name>] table"));
        }
        else
        {
            foreach (var (name, value) in armsTable)
            {
                // An arm's name is a folder name (runs/<arm>-seed<n>) and goes into a run.name override: the run name's rule.
                if (FolderName.Problem(name) is { } problem)
                {
                    errors.Add(doc.ErrorAt(armsTable, name, $"arms.{ConfigError.Printable(name)}: arm name {problem}"));
                    continue;
                }
                if (value is not TomlTable arm)
                {
                    errors.Add(doc.ErrorAt(armsTable, name, $"arms.{name} must be a table ([arms.{name}])"));
                    continue;
                }
                if (arm.TryGetValue("compare", out var armCompare) && armCompare is TomlTable armCompareTable)
                {
                    foreach (var key in armCompareTable.Keys.Where(k => k != "budget_scales"))
                        errors.Add(doc.ErrorAt(armCompareTable, key, $"arms.{name}.compare.{key}: an arm's [compare] sets budget_scales only"));
                    if (armCompareTable.TryGetValue("budget_scales", out var scales))
                    {
                        if (scales is TomlArray array && array.All(v => v is double or long) && array.Count > 0 &&
                            array.Select(Convert.ToDouble).All(v => v > 0))
                            armScales[name] = array.Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture)).ToList();
                        else
                            errors.Add(doc.ErrorAt(armCompareTable, "budget_scales", $"arms.{name}.compare.budget_scales must be a list of positive numbers"));
                    }
                    arm.Remove("compare");
                }
                foreach (var key in arm.Keys.Where(k => !Replaced.Contains(k) && !Merged.Contains(k)))
                    errors.Add(doc.ErrorAt(arm, key, $"arms.{name}.{key}: an arm sets {string.Join(", ", Replaced.Concat(Merged))}; " +
                                                     "the space, data and retraining recipe are the same for every arm"));
                foreach (var key in arm.Keys.Where(k => arm[k] is not TomlTable))
                    errors.Add(doc.ErrorAt(arm, key, $"arms.{name}.{key} must be a table ([arms.{name}.{key}])"));
                arms[name] = arm;
            }
        }
        var benchmarkKey = root.TryGetValue("compare", out var cb) && cb is TomlTable compareTable && compareTable.ContainsKey("benchmark")
            ? ConfigKey.At(doc, compareTable, "benchmark", "compare.benchmark")
            : null;
        root.Remove("compare");
        root.Remove("arms");
        // Every arm is bound even after a structural error, so one pass reports all the errors there are.
        var config = new CompareConfig(path, doc, arms, section, host, overrides) { _benchmarkKey = benchmarkKey };
        foreach (var (name, scales) in armScales) config._armScales[name] = scales;
        foreach (var name in arms.Keys)
        {
            try
            {
                var plain = config.BindWith(name, config.Section.Seed, 1.0, []);
                config._plain[name] = (plain.Train.Epochs, plain.Pipeline.Phases.ToList());
            }
            catch (ConfigException e)
            {
                errors.AddRange(e.Errors);
            }
        }
        foreach (var name in arms.Keys.Where(config._plain.ContainsKey))
        {
            try
            {
                // The whole combination is checked too, so an arm that cannot work fails here, not after training.
                foreach (var scale in config.BudgetScales(name)) ComponentSet.Create(config.Bind(name, config.Section.Seed, scale), host);
            }
            catch (ConfigException e)
            {
                errors.AddRange(e.Errors);
            }
        }
        // An error of the shared sections shows once, not once per arm.
        if (errors.Count > 0) throw new ConfigException(errors.DistinctBy(e => e.ToString()).ToList());
        return config;
    }

    /// <summary>Whether <paramref name="path"/> declares arms (a compare config rather than a run config).</summary>
    public static bool IsCompareConfig(string path)
    {
        try
        {
            return TomlDocument.Load(path).Root.ContainsKey("arms");
        }
        catch (ConfigException)
        {
            return false;
        }
    }

    /// <summary>The supernet budgets <paramref name="arm"/> runs at (multiples of its <c>[train] epochs</c>).</summary>
    public IReadOnlyList<double> BudgetScales(string arm) => _armScales.TryGetValue(arm, out var s) ? s : Section.BudgetScales;

    /// <summary>The run name of an arm run: <c>&lt;arm&gt;-seed&lt;n&gt;</c>, with <c>-x&lt;budget&gt;</c> for a budget other than 1.</summary>
    public static string RunName(string arm, long seed, double scale) =>
        scale == 1.0
            ? string.Create(CultureInfo.InvariantCulture, $"{arm}-seed{seed}")
            : string.Create(CultureInfo.InvariantCulture, $"{arm}-x{scale:0.###}-seed{seed}");

    /// <summary>
    /// The run config of <paramref name="arm"/> with seed <paramref name="seed"/> at <paramref name="scale"/> times its
    /// supernet epochs.
    /// </summary>
    /// <exception cref="ConfigException">The scaled epochs are not a whole number of at least 1.</exception>
    public RunConfig Bind(string arm, long seed, double scale = 1.0)
    {
        var (plainEpochs, phases) = _plain[arm];
        // Set every time, so a value an earlier binding wrote into a shared table never leaks into this one.
        double epochs = plainEpochs * scale;
        if (epochs < 1 || Math.Abs(epochs - Math.Round(epochs)) > 1e-9)
            throw new ConfigException([new ConfigError(Path, 0, 0, string.Create(CultureInfo.InvariantCulture,
                $"arm {arm}: budget {scale} x {plainEpochs} epoch(s) is not a whole number of epochs"))]);
        var kept = Section.Retrain ? phases : phases.Where(p => p is not (PhaseNames.Retrain or PhaseNames.Inherit or PhaseNames.Control or PhaseNames.Front)).ToList();
        var extra = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"train.epochs={(int)Math.Round(epochs)}"),
            $"pipeline.phases=[{string.Join(", ", kept.Select(p => $"\"{p}\""))}]",
        };
        return BindWith(arm, seed, scale, extra);
    }

    private RunConfig BindWith(string arm, long seed, double scale, IReadOnlyList<string> extra)
    {
        var armTable = _arms[arm];
        var root = new TomlTable();
        foreach (var (key, value) in _base.Root) root[key] = value;
        foreach (var (key, value) in armTable)
        {
            if (value is not TomlTable table || !(Replaced.Contains(key) || Merged.Contains(key))) continue;
            if (Replaced.Contains(key) || !root.TryGetValue(key, out var b) || b is not TomlTable baseTable)
            {
                root[key] = table;
                continue;
            }
            // Merged: the arm's table (which keeps its positions) gains the base keys it does not set.
            foreach (var (k, v) in baseTable)
                if (!table.ContainsKey(k)) table[k] = v;
            root[key] = table;
        }
        var baseDir = System.IO.Path.GetDirectoryName(Path) ?? ".";
        if (Folder.Length == 0)
        {
            // Once, before any arm's overrides have been written into the shared [run] table.
            var probe = RunConfig.FromDocument(_base.WithRoot(Copy(root)), _overrides, _host, baseDir);
            Folder = System.IO.Path.Combine(System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDir, probe.Run.Output)), probe.Run.Name + "-compare");
        }
        var overrides = new List<string>(_overrides)
        {
            string.Create(CultureInfo.InvariantCulture, $"run.seed={seed}"),
            $"run.name=\"{RunName(arm, seed, scale)}\"",
            $"run.output=\"{System.IO.Path.Combine(Folder, "runs").Replace("\\", "/", StringComparison.Ordinal)}\"",
        };
        overrides.AddRange(extra);
        if (Section.Benchmark.Length > 0)
            overrides.Add($"pipeline.benchmark=\"{System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDir, Section.Benchmark)).Replace("\\", "/", StringComparison.Ordinal)}\"");
        return RunConfig.FromDocument(_base.WithRoot(Copy(root)), overrides, _host, baseDir, Section.Benchmark.Length > 0 ? _benchmarkKey : null);
    }

    // Overrides write into the root's tables; each binding gets its own top level so arms do not see each other's.
    private static TomlTable Copy(TomlTable root)
    {
        var copy = new TomlTable();
        foreach (var (key, value) in root) copy[key] = value;
        return copy;
    }
}
