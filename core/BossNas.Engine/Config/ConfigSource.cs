using BossNas.Core.Components;
using BossNas.Engine.Plugins;
using Tomlyn.Model;

namespace BossNas.Engine.Config;

/// <summary>
/// A config as a command reads it, once: the file parsed and its <c>--set</c> overrides applied. The plugin host is made
/// from its <c>[plugins] paths</c>, its intended use is told from its sections, and the same document is then bound:
/// no second parse of a file that may have changed in between.
/// </summary>
public sealed class ConfigSource
{
    private readonly TomlDocument _doc;
    private readonly IReadOnlyList<ConfigError> _overrideErrors;

    private ConfigSource(string path, string? runFolder, TomlDocument doc, IReadOnlyList<ConfigError> overrideErrors)
    {
        Path = path;
        RunFolder = runFolder;
        _doc = doc;
        _overrideErrors = overrideErrors;
    }

    /// <summary>The config file (a run folder's resolved config when the target was a run folder).</summary>
    public string Path { get; }

    /// <summary>The run folder the target named, or null when it named a config file.</summary>
    public string? RunFolder { get; }

    /// <summary>The folder relative paths in the config are resolved against.</summary>
    public string BaseDirectory => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) ?? ".";

    /// <summary>Reads a config file, or the resolved config of a run folder, and applies the overrides.</summary>
    /// <exception cref="ConfigException">A TOML syntax error, located.</exception>
    public static ConfigSource Read(string target, IEnumerable<string>? overrides = null)
    {
        string? folder = Runs.RunFolder.IsRunFolder(target) ? target : null;
        string path = folder is null ? target : System.IO.Path.Combine(folder, Runs.RunFolder.ConfigFile);
        var doc = TomlDocument.Load(path);
        var errors = new List<ConfigError>();
        // Override errors are reported with the binding's, so that one message lists every problem.
        Overrides.Apply(doc, overrides ?? Array.Empty<string>(), errors);
        return new ConfigSource(path, folder, doc, errors);
    }

    /// <summary>Extra plugin roots the config names (<c>[plugins] paths</c>, overrides included), resolved against its folder.</summary>
    public IReadOnlyList<string> PluginPaths =>
        _doc.Root.TryGetValue("plugins", out var p) && p is TomlTable t && t.TryGetValue("paths", out var paths) && paths is TomlArray a
            ? a.OfType<string>().Select(s => System.IO.Path.GetFullPath(System.IO.Path.Combine(BaseDirectory, s))).ToList()
            : Array.Empty<string>();

    /// <summary>
    /// What the config is written for: <see cref="ConfigUse.Train"/> when it lists no <c>[pipeline]</c> and selects no
    /// role beside the search space (a <c>bossnas train</c> config), else <see cref="ConfigUse.Run"/>.
    /// </summary>
    public ConfigUse IntendedUse
    {
        get
        {
            var root = _doc.Root;
            bool selectsMore = ComponentKinds.Selected.Any(k => k != ComponentKind.SearchSpace && root.ContainsKey(k.Section()));
            return selectsMore || root.ContainsKey("pipeline") ? ConfigUse.Run : ConfigUse.Train;
        }
    }

    /// <summary>Binds the document: sections, options and component names, checked against <paramref name="host"/>.</summary>
    /// <exception cref="ConfigException">Every problem found, each located in the file.</exception>
    public RunConfig Bind(PluginHost host, ConfigUse use = ConfigUse.Run)
    {
        var errors = new List<ConfigError>(_overrideErrors);
        var config = RunConfig.Bind(_doc, host, errors, BaseDirectory, use);
        if (errors.Count > 0) throw new ConfigException(errors);
        return config;
    }
}
