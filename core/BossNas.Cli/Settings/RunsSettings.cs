using System.ComponentModel;
using Spectre.Console.Cli;

namespace BossNas.Cli.Settings;

/// <summary>Settings of <c>bossnas runs</c>.</summary>
internal sealed class RunsSettings : CommonSettings, IJsonOutput
{
    /// <summary>The folder to list.</summary>
    [CommandArgument(0, "[output-root]")]
    [Description("An output folder ([[run]] output) to list, searched through; default: runs.")]
    [DefaultValue("runs")]
    public string Root { get; set; } = "runs";

    /// <inheritdoc/>
    [CommandOption("--json")]
    [Description("Print the list as one JSON document on stdout (index.html is written all the same).")]
    public bool Json { get; set; }
}
