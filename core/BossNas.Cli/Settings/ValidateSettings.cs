using System.ComponentModel;
using Spectre.Console.Cli;

namespace BossNas.Cli.Settings;

/// <summary>Settings of <c>bossnas validate</c> and <c>bossnas plan</c>: a config, overrides and <c>--json</c>.</summary>
internal sealed class ValidateSettings : ConfigSettings, IJsonOutput
{
    /// <inheritdoc/>
    [CommandOption("--json")]
    [Description("Print the result as one JSON document on stdout (errors still on stderr, same exit codes).")]
    public bool Json { get; set; }
}
