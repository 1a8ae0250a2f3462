using System.Globalization;
using BossNas.Engine.Config;
using BossNas.Engine.Plugins;
using Tomlyn.Model;

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
        var arms = new Dictionary<string, TomlTable>(StringComparer.Ordinal);
        if (!root.TryGetValue("arms", out var a) || a is not TomlTable armsTable || armsTable.Count == 0)
        {
            errors.Add(new ConfigError(doc.Source, 0, 0, "a compare config needs at least one [arms.<name>] table"));
        }
        else
        {
            foreach (var (name, value) in armsTable)
            {
                if (value is not TomlTable arm)
                {
                    errors.Add(doc.ErrorAt(armsTable, name, $"arms.{name} must be a table ([arms.{name}])"));
                    continue;
                }
                foreach (var key in arm.Keys.Where(k => !Replaced.Contains(k) && !Merged.Contains(k)))
                    errors.Add(doc.ErrorAt(arm, key, $"arms.{name}.{key}: an arm sets {string.Join(", ", Replaced.Concat(Merged))}; " +
                                                     "the space, data and retraining recipe are the same for every arm"));
                foreach (var key in arm.Keys.Where(k => arm[k] is not TomlTable))
                    errors.Add(doc.ErrorAt(arm, key, $"arms.{name}.{key} must be a table ([arms.{name}.{key}])"));
                arms[name] = arm;
            }
        }
        root.Remove("compare");
        root.Remove("arms");
        // Every arm is bound even after a structural error, so one pass reports all the errors there are.
        var config = new CompareConfig(path, doc, arms, section, host, overrides);
        foreach (var name in arms.Keys)
        {
            try
            {
                // The whole combination is checked too, so an arm that cannot work fails here, not after training.
                ComponentSet.Create(config.Bind(name, config.Section.Seed), host);
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

    /// <summary>The run config of <paramref name="arm"/> with seed <paramref name="seed"/>.</summary>
    public RunConfig Bind(string arm, long seed)
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
            $"run.name=\"{arm}-seed{seed.ToString(CultureInfo.InvariantCulture)}\"",
            $"run.output=\"{System.IO.Path.Combine(Folder, "runs").Replace("\\", "/", StringComparison.Ordinal)}\"",
        };
        if (Section.Benchmark.Length > 0)
            overrides.Add($"pipeline.benchmark=\"{System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDir, Section.Benchmark)).Replace("\\", "/", StringComparison.Ordinal)}\"");
        return RunConfig.FromDocument(_base.WithRoot(Copy(root)), overrides, _host, baseDir);
    }

    // Overrides write into the root's tables; each binding gets its own top level so arms do not see each other's.
    private static TomlTable Copy(TomlTable root)
    {
        var copy = new TomlTable();
        foreach (var (key, value) in root) copy[key] = value;
        return copy;
    }
}
