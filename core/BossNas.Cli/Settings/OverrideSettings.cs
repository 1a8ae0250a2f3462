using System.ComponentModel;
using Spectre.Console.Cli;

namespace BossNas.Cli.Settings;

/// <summary>Options of the commands that load a config: repeated <c>--set section.key=value</c> overrides.</summary>
internal class OverrideSettings : CommonSettings
{
    /// <summary>Config overrides in TOML syntax, applied in order after the file.</summary>
    [CommandOption("--set <KEY=VALUE>")]
    [Description("Overrides a config key with a TOML value, e.g. train.epochs=2; repeatable")]
    public string[] Sets { get; set; } = [];
}
