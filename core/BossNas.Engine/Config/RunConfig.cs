using System.Security.Cryptography;
using System.Text;
using BossNas.Core.Components;
using BossNas.Engine.Plugins;
using Tomlyn;
using Tomlyn.Model;

namespace BossNas.Engine.Config;

/// <summary>
/// A fully bound and checked run configuration. Loading collects every problem of the file (syntax, unknown
/// keys, wrong types, ranges, unknown plugins) and reports them all at once as <see cref="ConfigException"/>.
/// </summary>
public sealed class RunConfig
{
    /// <summary>Top-level sections the engine knows.</summary>
    public static readonly string[] Sections =
        { "run", "data", "pipeline", "train", "search_space", "supervision", "searcher", "evaluator", "retrain", "teacher", "report", "plugins", "executor", CostMetricSection };

    /// <summary>The section whose tables give cost metrics options: <c>[cost_metric.&lt;name&gt;]</c>.</summary>
    public const string CostMetricSection = "cost_metric";

    /// <summary>The file the config came from.</summary>
    public string Source { get; private init; } = "";

    /// <summary>Folder of the config file; relative paths in it are resolved from here.</summary>
    public string BaseDirectory { get; private init; } = "";

    /// <summary><c>[run]</c>.</summary>
    public RunSection Run { get; private set; } = new();

    /// <summary><c>[data]</c>.</summary>
    public DataSection Data { get; private set; } = new();

    /// <summary><c>[pipeline]</c>.</summary>
    public PipelineSection Pipeline { get; private set; } = new();

    /// <summary><c>[train]</c>.</summary>
    public TrainSection Train { get; private set; } = new();

    /// <summary><c>[retrain]</c>.</summary>
    public RetrainSection Retrain { get; private set; } = new();

    /// <summary><c>[teacher]</c> (used by the <c>teacher</c> phase).</summary>
    public TeacherSection Teacher { get; private set; } = new();

    /// <summary><c>[report]</c>.</summary>
    public ReportSection Report { get; private set; } = new();

    /// <summary>Where independent units of work run; not part of the resolved config or its hash.</summary>
    public Execution.ExecutorSection Executor { get; private set; } = new();

    /// <summary><c>[plugins]</c>.</summary>
    public PluginsSection Plugins { get; private set; } = new();

    /// <summary>
    /// Where the config sets <c>[pipeline] benchmark</c> (a compare arm's: <c>[compare] benchmark</c>); errors about
    /// the benchmark's content point here. Null without a benchmark.
    /// </summary>
    internal ConfigKey? BenchmarkKey { get; private init; }

    /// <summary>Where <c>[run] output</c> is set (its section, or the file when it keeps its default), for errors found on disk.</summary>
    internal ConfigKey OutputKey { get; private init; } = new("", 0, 0, "run.output");

    /// <summary>Options of cost metrics given in <c>[cost_metric.&lt;name&gt;]</c>, by metric name; a metric not listed there has its defaults.</summary>
    public IReadOnlyDictionary<string, object> CostMetricOptions { get; private init; } = new Dictionary<string, object>();

    /// <summary>The component sections, by kind.</summary>
    public IReadOnlyDictionary<ComponentKind, ComponentSection> Components { get; private set; } =
        new Dictionary<ComponentKind, ComponentSection>();

    /// <summary>The component section of <paramref name="kind"/>.</summary>
    /// <exception cref="KeyNotFoundException">The config selects no component of that role.</exception>
    public ComponentSection this[ComponentKind kind] =>
        Components.TryGetValue(kind, out var c) ? c : throw new KeyNotFoundException($"the config has no [{kind.Section()}]");

    /// <summary>Whether the config selects a component of <paramref name="kind"/>.</summary>
    public bool Has(ComponentKind kind) => Components.ContainsKey(kind);

    /// <summary>The plugin name of role <paramref name="kind"/>, or null when the config selects none.</summary>
    public string? PluginOrNull(ComponentKind kind) => Components.TryGetValue(kind, out var c) ? c.Plugin : null;

    /// <summary>A config error at the <c>plugin</c> line of role <paramref name="kind"/>'s section.</summary>
    public ConfigError ErrorAt(ComponentKind kind, string message)
    {
        var c = this[kind];
        return new ConfigError(Source, c.Line, c.Column, message);
    }

    /// <summary>
    /// Extra plugin roots named by a config file (and its <c>--set</c> overrides), resolved against its folder, without
    /// binding it; none when the file does not parse (the binding reports that).
    /// </summary>
    public static IReadOnlyList<string> PluginPathsOf(string path, IEnumerable<string>? overrides = null)
    {
        try
        {
            return ConfigSource.Read(path, overrides).PluginPaths;
        }
        catch (ConfigException)
        {
            return Array.Empty<string>();
        }
    }

    /// <summary>Loads, overrides and binds a config file (<see cref="ConfigSource"/> when the document is needed first).</summary>
    /// <param name="path">The TOML file.</param>
    /// <param name="overrides"><c>section.key=value</c> pairs from <c>--set</c>.</param>
    /// <param name="host">Where component names are looked up.</param>
    /// <param name="use">
    /// What the config is for: a run (the roles its phases work with are required) or <c>bossnas train</c> (only the
    /// search space is).
    /// </param>
    public static RunConfig Load(string path, IEnumerable<string> overrides, PluginHost host, ConfigUse use = ConfigUse.Run) =>
        ConfigSource.Read(path, overrides).Bind(host, use);

    /// <summary>What a config file is written for (<see cref="ConfigSource.IntendedUse"/>).</summary>
    public static ConfigUse IntendedUse(string path) => ConfigSource.Read(path).IntendedUse;

    /// <summary>Binds a parsed document (a compare arm's), with overrides, resolving paths against <paramref name="baseDir"/>.</summary>
    /// <param name="doc">The document.</param>
    /// <param name="overrides"><c>section.key=value</c> pairs.</param>
    /// <param name="host">Where component names are looked up.</param>
    /// <param name="baseDir">The folder relative paths are resolved from.</param>
    /// <param name="benchmarkKey">
    /// Where the benchmark an override sets comes from (a compare config's <c>[compare] benchmark</c>), so errors about
    /// it point there rather than at the override.
    /// </param>
    internal static RunConfig FromDocument(TomlDocument doc, IEnumerable<string> overrides, PluginHost host, string baseDir,
        ConfigKey? benchmarkKey = null)
    {
        var errors = new List<ConfigError>();
        Overrides.Apply(doc, overrides, errors);
        var config = Bind(doc, host, errors, baseDir, benchmarkKey: benchmarkKey);
        if (errors.Count > 0) throw new ConfigException(errors);
        return config;
    }

    /// <summary>Parses and binds TOML text (tests and tools).</summary>
    public static RunConfig Parse(string text, string source, PluginHost host, IEnumerable<string>? overrides = null)
    {
        var doc = TomlDocument.Parse(text, source);
        var errors = new List<ConfigError>();
        Overrides.Apply(doc, overrides ?? Array.Empty<string>(), errors);
        var config = Bind(doc, host, errors, Directory.GetCurrentDirectory());
        if (errors.Count > 0) throw new ConfigException(errors);
        return config;
    }

    /// <summary>Resolves a path from the config against the config's folder.</summary>
    public string ResolvePath(string path) =>
        string.IsNullOrEmpty(path) ? path : Path.GetFullPath(Path.Combine(BaseDirectory, path));

    /// <summary>The config with every default filled in, as TOML.</summary>
    public string ToResolvedToml()
    {
        var root = new TomlTable
        {
            ["run"] = OptionsBinder.ToTable(Run),
            ["data"] = OptionsBinder.ToTable(Data),
            ["pipeline"] = OptionsBinder.ToTable(Pipeline),
            ["train"] = OptionsBinder.ToTable(Train),
        };
        // The default cost metrics and inherit_extremes = false are left out, so configs written before the keys existed
        // keep their hash.
        if (Pipeline.DefaultCostMetrics) ((TomlTable)root["pipeline"]).Remove("cost_metrics");
        if (!Pipeline.InheritExtremes) ((TomlTable)root["pipeline"]).Remove("inherit_extremes");
        // The streaming keys only for image datasets that can stream, so configs of other datasets keep their hash.
        if (Data.Dataset is not ("imagefolder" or "webdataset"))
            foreach (var key in DataSection.StreamingKeys) ((TomlTable)root["data"]).Remove(key);
        // Only the roles the config selects, so a config with all four keeps its hash.
        foreach (var kind in ComponentKinds.Selected.Where(Has))
        {
            var c = Components[kind];
            var t = OptionsBinder.ToTable(c.Options);
            var withPlugin = new TomlTable { ["plugin"] = c.Plugin };
            foreach (var (k, v) in t) withPlugin[k] = v;
            root[kind.Section()] = withPlugin;
        }
        // Only metrics given options in the file, so configs without [cost_metric] keep their hash.
        if (CostMetricOptions.Count > 0)
        {
            var metrics = new TomlTable();
            foreach (var (name, options) in CostMetricOptions.OrderBy(m => m.Key, StringComparer.Ordinal)) metrics[name] = OptionsBinder.ToTable(options);
            root[CostMetricSection] = metrics;
        }
        root["retrain"] = OptionsBinder.ToTable(Retrain);
        // Only runs with a teacher phase list [teacher], so configs without one keep their hash.
        if (Pipeline.Phases.Contains(BossNas.Engine.Pipeline.PhaseNames.Teacher))
        {
            root["teacher"] = OptionsBinder.ToTable(Teacher);
            // No renames is left out, so configs written before the key existed keep their hash.
            if (Teacher.Rename.Count == 0) ((TomlTable)root["teacher"]).Remove("rename");
        }
        root["report"] = OptionsBinder.ToTable(Report);
        root["plugins"] = OptionsBinder.ToTable(Plugins);
        return TomlSerializer.Serialize(root);
    }

    /// <summary>SHA-256 of the resolved config; a resumed run must match it.</summary>
    public string Hash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToResolvedToml())));

    // Plugin folders are kept absolute, so the resolved config in a run folder still finds them when a run resumes
    // from that folder.
    private static PluginsSection Absolute(PluginsSection plugins, string baseDir)
    {
        plugins.Paths = plugins.Paths.Select(p => Path.GetFullPath(Path.Combine(baseDir, p))).ToList();
        return plugins;
    }

    internal static RunConfig Bind(TomlDocument doc, PluginHost host, List<ConfigError> errors, string baseDir, ConfigUse use = ConfigUse.Run,
        ConfigKey? benchmarkKey = null)
    {
        var root = doc.Root;
        foreach (var key in root.Keys)
        {
            if (!Sections.Contains(key))
                errors.Add(doc.ErrorAt(root, key, $"unknown section [{key}]{Names.DidYouMean(key, Sections)}"));
            else if (root[key] is not TomlTable)
                errors.Add(doc.ErrorAt(root, key, $"'{key}' must be a table ([{key}])"));
        }
        T Section<T>(string name) where T : new() =>
            root.TryGetValue(name, out var v) && v is TomlTable t
                ? (T)OptionsBinder.Bind(typeof(T), t, doc, name, errors)
                : new T();

        var pipeline = Section<PipelineSection>("pipeline");
        // The roles the phases work with must be selected; any other role a config selects is bound and checked too.
        var required = use == ConfigUse.Train ? new HashSet<ComponentKind> { ComponentKind.SearchSpace } : BossNas.Engine.Pipeline.PhaseCatalog.Roles(pipeline.Phases);
        var components = new Dictionary<ComponentKind, ComponentSection>();
        foreach (var kind in ComponentKinds.Selected)
        {
            var section = kind.Section();
            if (!root.TryGetValue(section, out var v) || v is not TomlTable table)
            {
                if (required.Contains(kind))
                    errors.Add(new ConfigError(doc.Source, 0, 0, $"missing section [{section}] (it needs plugin = \"...\")" +
                        (use == ConfigUse.Run && BossNas.Engine.Pipeline.PhaseCatalog.FirstNeeding(pipeline.Phases, kind) is { } phase ? $": phase '{phase}' works with it" : "")));
                continue;
            }
            if (!table.TryGetValue("plugin", out var p) || p is not string name)
            {
                errors.Add(doc.ErrorAt(root, section, $"[{section}] needs plugin = \"<name>\""));
                continue;
            }
            var d = host.Find(kind, name);
            if (d is null)
            {
                errors.Add(doc.ErrorAt(table, "plugin", $"{section}.plugin: {host.UnknownMessage(kind, name)}"));
                continue;
            }
            var options = OptionsBinder.Bind(d.Options, table, doc, section, errors, "plugin");
            var (line, col) = doc.PositionOf(table, "plugin");
            components[kind] = new ComponentSection(kind, name, options, line, col);
        }

        // Each cost metric must be registered (a plugin's comes with its folder in [plugins] paths).
        foreach (var name in pipeline.CostMetrics.Distinct().Where(n => host.Find(ComponentKind.CostMetric, n) is null))
            errors.Add(root.TryGetValue("pipeline", out var pv) && pv is TomlTable ptable && ptable.ContainsKey("cost_metrics")
                ? doc.ErrorAt(ptable, "cost_metrics", $"pipeline.cost_metrics: {host.UnknownMessage(ComponentKind.CostMetric, name)}")
                : new ConfigError(doc.Source, 0, 0, $"pipeline.cost_metrics: {host.UnknownMessage(ComponentKind.CostMetric, name)}"));

        var metricOptions = CostMetricOptionsOf(doc, host, errors);
        var executor = Section<Execution.ExecutorSection>("executor");
        if (executor.Kind == "slurm" && root["executor"] is TomlTable et && Execution.SlurmCli.Unavailable() is { } noSlurm)
            errors.Add(doc.ErrorAt(et, "kind", $"executor.kind = \"slurm\", but {noSlurm}"));
        if (pipeline.Benchmark.Length > 0)
        {
            // Kept absolute, like plugin folders, so a run resumed from its folder finds it.
            pipeline.Benchmark = Path.GetFullPath(Path.Combine(baseDir, pipeline.Benchmark));
            benchmarkKey ??= root.TryGetValue("pipeline", out var p) && p is TomlTable pt
                ? ConfigKey.At(doc, pt, "benchmark", "pipeline.benchmark")
                : new ConfigKey(doc.Source, 0, 0, "pipeline.benchmark");
            // The whole file is read now, so a bad cell, a duplicate or a cut-short last row stops the config here rather
            // than after the supernet and search whose ratings it was for (its architectures are checked against the
            // space where the space is created, ComponentSet.Create).
            if (!File.Exists(pipeline.Benchmark)) errors.Add(benchmarkKey.Error($"no such file {pipeline.Benchmark}"));
            else errors.AddRange(benchmarkKey.Errors(Correlation.GroundTruthCheck.File(pipeline.Benchmark)));
        }
        else
        {
            benchmarkKey = null;
        }

        var retrain = Section<RetrainSection>("retrain");
        // The front phase trades the score against one of the metrics every rating carries.
        if (pipeline.Phases.Contains(BossNas.Engine.Pipeline.PhaseNames.Front) && retrain.FrontMetric.Length > 0
            && !pipeline.CostMetrics.Contains(retrain.FrontMetric) && root["retrain"] is TomlTable rtable)
            errors.Add(doc.ErrorAt(rtable, "front_metric", $"retrain.front_metric: '{retrain.FrontMetric}' is not one of [pipeline] cost_metrics " +
                $"({string.Join(", ", pipeline.CostMetrics)}): list it there or pick one of them"));

        return new RunConfig
        {
            Source = doc.Source,
            BaseDirectory = baseDir,
            Run = Section<RunSection>("run"),
            Data = Section<DataSection>("data"),
            Pipeline = pipeline,
            Train = Section<TrainSection>("train"),
            Retrain = retrain,
            Teacher = Section<TeacherSection>("teacher"),
            Report = Section<ReportSection>("report"),
            Executor = executor,
            BenchmarkKey = benchmarkKey,
            OutputKey = root.TryGetValue("run", out var r) && r is TomlTable rt && rt.ContainsKey("output")
                ? ConfigKey.At(doc, rt, "output", "run.output")
                : new ConfigKey(doc.Source, 0, 0, "run.output"),
            Plugins = Absolute(Section<PluginsSection>("plugins"), baseDir),
            Components = components,
            CostMetricOptions = metricOptions,
        };
    }

    // [cost_metric.<name>]: one table of options per registered metric, bound like a component section.
    private static Dictionary<string, object> CostMetricOptionsOf(TomlDocument doc, PluginHost host, List<ConfigError> errors)
    {
        var bound = new Dictionary<string, object>(StringComparer.Ordinal);
        if (!doc.Root.TryGetValue(CostMetricSection, out var v) || v is not TomlTable metrics) return bound;
        foreach (var (name, value) in metrics)
        {
            var d = host.Find(ComponentKind.CostMetric, name);
            if (d is null) errors.Add(doc.ErrorAt(metrics, name, $"{CostMetricSection}.{name}: {host.UnknownMessage(ComponentKind.CostMetric, name)}"));
            else if (value is not TomlTable table) errors.Add(doc.ErrorAt(metrics, name, $"'{CostMetricSection}.{name}' must be a table ([{CostMetricSection}.{name}])"));
            else bound[name] = OptionsBinder.Bind(d.Options, table, doc, $"{CostMetricSection}.{name}", errors);
        }
        return bound;
    }
}

/// <summary>What a config is loaded for: which component roles it must select.</summary>
public enum ConfigUse
{
    /// <summary>A run: the roles its <c>[pipeline] phases</c> work with.</summary>
    Run,

    /// <summary><c>bossnas train</c>: the search space alone.</summary>
    Train,
}
