using BossNas.Core.Components;

namespace BossNas.Engine.Config;

/// <summary><c>[plugins]</c>: extra plugin folders.</summary>
public sealed class PluginsSection
{
    /// <summary>Folders to scan in addition to <c>plugins/</c> beside the executable.</summary>
    [Help("folders scanned for plugins besides plugins/ next to the executable (relative to the config file)")]
    public List<string> Paths { get; set; } = new();
}
