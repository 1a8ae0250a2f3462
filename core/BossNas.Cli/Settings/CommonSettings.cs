using System.ComponentModel;
using Spectre.Console.Cli;

namespace BossNas.Cli.Settings;

/// <summary>Options every command takes.</summary>
internal class CommonSettings : CommandSettings
{
    /// <summary>Debug-level console logging.</summary>
    [CommandOption("--verbose")]
    [Description("Log debug messages too.")]
    public bool Verbose { get; set; }
}
