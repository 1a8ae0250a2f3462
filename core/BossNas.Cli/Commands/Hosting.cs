using BossNas.Engine.Config;
using BossNas.Engine.Plugins;
using NLog;

namespace BossNas.Cli.Commands;

/// <summary>Creates the plugin host for a command: plugins/ beside the executable plus the config's [plugins] paths.</summary>
internal static class Hosting
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    /// <summary>Loads the default plugin folder and, if <paramref name="configPath"/> exists, its <c>[plugins] paths</c>.</summary>
    /// <param name="configPath">A config file, or null.</param>
    /// <param name="sets">The command's <c>--set</c> overrides (<c>plugins.paths</c> among them counts).</param>
    /// <returns>The host; failures to load are logged as warnings.</returns>
    public static PluginHost ForConfig(string? configPath, IEnumerable<string>? sets = null) =>
        Load(configPath is not null && File.Exists(configPath) ? RunConfig.PluginPathsOf(configPath, sets) : []);

    /// <summary>The host for a config already read: the default plugin folder plus its <c>[plugins] paths</c>.</summary>
    public static PluginHost For(ConfigSource source) => Load(source.PluginPaths);

    private static PluginHost Load(IEnumerable<string> extraRoots)
    {
        var host = PluginHost.Load(extraRoots.Prepend(PluginHost.DefaultRoot));
        foreach (var f in host.Failures) Log.Warn("Plugin not loaded: {Path}: {Reason}", f.Path, f.Reason);
        return host;
    }

    /// <summary>Returns <paramref name="path"/> if the file exists.</summary>
    /// <param name="path">The file.</param>
    /// <returns><paramref name="path"/>.</returns>
    /// <exception cref="UsageException">The file does not exist.</exception>
    public static string RequireFile(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"{path}: no such file");
        return path;
    }
}
