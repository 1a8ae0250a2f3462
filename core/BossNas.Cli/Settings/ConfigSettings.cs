using System.ComponentModel;
using Spectre.Console.Cli;

namespace BossNas.Cli.Settings;

/// <summary>A config file argument plus <c>--set</c> overrides (<c>validate</c>, <c>plan</c>, <c>train</c>).</summary>
internal class ConfigSettings : OverrideSettings
{
    /// <summary>Path of the TOML config.</summary>
    [CommandArgument(0, "<config>")]
    [Description("The TOML config file.")]
    public string Config { get; set; } = "";
}
