using System.ComponentModel;
using Spectre.Console.Cli;

namespace BossNas.Cli.Settings;

/// <summary>Arguments of <c>bossnas eval</c>.</summary>
internal sealed class EvalSettings : OverrideSettings, IJsonOutput
{
    /// <summary>The network to test.</summary>
    [CommandArgument(0, "<model>")]
    [Description("A saved network (its .json or .bin), an exported .onnx file, or a run folder (its model, networks/retrain or teacher).")]
    public string Model { get; set; } = "";

    /// <summary>The config whose [run] seed and [data] section give the test set.</summary>
    [CommandOption("--data <CONFIG>")]
    [Description("A config whose [[data]] section (and [[run]] seed) names the dataset; default: the resolved config of the run folder the model lies in.")]
    public string? Data { get; set; }

    /// <inheritdoc/>
    [CommandOption("--json")]
    [Description("Print the result as one JSON document on stdout (errors still on stderr, same exit codes).")]
    public bool Json { get; set; }
}
