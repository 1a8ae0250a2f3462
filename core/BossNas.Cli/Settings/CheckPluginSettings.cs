using System.ComponentModel;
using Spectre.Console.Cli;

namespace BossNas.Cli.Settings;

/// <summary>Arguments of <c>bossnas check-plugin</c>.</summary>
internal sealed class CheckPluginSettings : CommonSettings
{
    /// <summary>The plugin's build output folder.</summary>
    [CommandArgument(0, "<folder>")]
    [Description("The plugin's build output (e.g. bin/Release/net10.0): each X.dll with an X.deps.json is loaded as a plugin.")]
    public string Folder { get; set; } = "";
}
