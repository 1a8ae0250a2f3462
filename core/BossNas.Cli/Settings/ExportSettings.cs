using System.ComponentModel;
using Spectre.Console.Cli;

namespace BossNas.Cli.Settings;

/// <summary>Arguments of <c>bossnas export</c>.</summary>
internal sealed class ExportSettings : CommonSettings
{
    /// <summary>The run folder whose trained networks are exported.</summary>
    [CommandArgument(0, "<run-folder>")]
    [Description("A run folder (of `bossnas run` or `bossnas train`) holding trained networks.")]
    public string Folder { get; set; } = "";
}
