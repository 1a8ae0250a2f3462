using BossNas.Engine.Config;
using BossNas.Engine.Plugins;
using NLog;

namespace BossNas.Cli.Commands;

/// <summary>Creates the plugin host for a command: plugins/ beside the executable plus the config's [plugins] paths.</summary>
internal static class Hosting
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    public static PluginHost ForConfig(string? configPath)
    {
        var roots = new List<string> { PluginHost.DefaultRoot };
        if (configPath is not null && File.Exists(configPath)) roots.AddRange(RunConfig.PluginPathsOf(configPath));
        var host = PluginHost.Load(roots);
        foreach (var f in host.Failures) Log.Warn("Plugin not loaded: {Path}: {Reason}", f.Path, f.Reason);
        return host;
    }

    public static string RequireFile(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"{path}: no such file");
        return path;
    }
}
