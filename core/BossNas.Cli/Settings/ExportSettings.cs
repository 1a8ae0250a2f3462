using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BossNas.Cli.Settings;

/// <summary>Arguments of <c>bossnas export</c>.</summary>
internal sealed class ExportSettings : CommonSettings
{
    /// <summary>The run folder whose trained networks are exported.</summary>
    [CommandArgument(0, "<run-folder>")]
    [Description("A run folder (of `bossnas run` or `bossnas train`) holding trained networks.")]
    public string Folder { get; set; } = "";

    /// <summary>Fold the input normalisation into the ONNX graph.</summary>
    [CommandOption("--fold-normalization")]
    [Description("Put the input normalisation into the ONNX graph (a Sub and a Div node): the model then takes pixel values / 255, in [0, 1].")]
    public bool FoldNormalization { get; set; }

    /// <summary>Export the trained supernet instead of the trained networks.</summary>
    [CommandOption("--supernet")]
    [Description("Write the run's trained supernet as supernet.safetensors (the search space's options in its metadata) instead of the trained networks.")]
    public bool Supernet { get; set; }

    /// <inheritdoc/>
    public override ValidationResult Validate() =>
        Supernet && FoldNormalization ? ValidationResult.Error("--fold-normalization applies to the networks' ONNX files, not to --supernet")
        : base.Validate();
}
