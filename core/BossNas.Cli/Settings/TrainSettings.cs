using System.ComponentModel;
using Spectre.Console.Cli;

namespace BossNas.Cli.Settings;

/// <summary>Settings of <c>bossnas train</c>.</summary>
internal sealed class TrainSettings : ConfigSettings
{
    /// <summary>Architecture encoding or the name of one of the space's named architectures.</summary>
    [CommandOption("--arch <ARCH>", isRequired: true)]
    [Description("The architecture to train: an encoding such as [green]\"00|00|0\"[/] or a named architecture of the space.")]
    public string Arch { get; set; } = "";

    /// <summary>Start a fresh training instead of resuming an unfinished one.</summary>
    [CommandOption("--new")]
    [Description("Start a fresh training even if an unfinished one of this config and architecture exists (default: resume it).")]
    public bool New { get; set; }
}
