using System.ComponentModel;
using Spectre.Console;
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

    /// <summary>A PyTorch state dict the network starts from.</summary>
    [CommandOption("--init <FILE>")]
    [Description("Start from a PyTorch state dict (.safetensors, .pth, .pt) instead of a fresh initialisation; every tensor must fit.")]
    public string? Init { get; set; }

    /// <summary>Prefix renames of the --init file's tensor names.</summary>
    [CommandOption("--rename <FROM=TO>")]
    [Description("With --init: rename a tensor-name prefix of the file to the network's, e.g. module.= (drops module.); repeatable")]
    public string[] Rename { get; set; } = [];

    /// <summary>A trained supernet the network inherits its weights from.</summary>
    [CommandOption("--from-supernet <SUPERNET>")]
    [Description("Start from the weights the architecture inherits from a trained supernet: a run folder (its supernet.safetensors of " +
                 "`bossnas export --supernet`, written first if missing) or that file.")]
    public string? FromSupernet { get; set; }

    /// <inheritdoc/>
    public override ValidationResult Validate() =>
        Init is not null && FromSupernet is not null ? ValidationResult.Error("--init and --from-supernet both set the initial weights: give one")
        : Rename.Length > 0 && Init is null ? ValidationResult.Error("--rename applies to the file of --init")
        : base.Validate();
}
