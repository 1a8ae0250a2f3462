using System.ComponentModel;
using Spectre.Console.Cli;

namespace BossNas.Cli.Settings;

/// <summary>Settings of <c>bossnas plugins</c>.</summary>
internal sealed class PluginsSettings : CommonSettings, IJsonOutput
{
    /// <summary>A config whose <c>[plugins] paths</c> are searched too.</summary>
    [CommandOption("--config <CONFIG>")]
    [Description("Also load the plugins named in this config's [green][[plugins]] paths[/].")]
    public string? Config { get; set; }

    /// <inheritdoc/>
    [CommandOption("--json")]
    [Description("Print the result as one JSON document on stdout (errors still on stderr, same exit codes).")]
    public bool Json { get; set; }
}
