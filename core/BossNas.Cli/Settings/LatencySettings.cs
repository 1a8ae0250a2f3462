using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BossNas.Cli.Settings;

/// <summary>Settings of <c>bossnas latency</c>.</summary>
internal sealed class LatencySettings : ConfigSettings, IJsonOutput
{
    /// <summary>One architecture to time (an encoding or a named architecture); none: a few sampled ones.</summary>
    [CommandOption("--arch <ARCH>")]
    [Description("The architecture to time: an encoding such as [green]\"00|00|0\"[/] or a named architecture (default: --samples sampled ones).")]
    public string? Arch { get; set; }

    /// <summary>Architectures sampled when no <c>--arch</c> is given.</summary>
    [CommandOption("--samples <N>")]
    [Description("Architectures sampled (with the config's seed) when --arch is not given. Default 3.")]
    public int Samples { get; set; } = 3;

    /// <summary>Rebuild the latency table even if this machine has one cached.</summary>
    [CommandOption("--build-table")]
    [Description("Time every layer of the space anew and replace this machine's cached latency table.")]
    public bool BuildTable { get; set; }

    /// <summary>Measure and predict this many sampled architectures and print MAPE and Kendall tau.</summary>
    [CommandOption("--accuracy <K>")]
    [Description("The table's accuracy: K sampled architectures measured (TorchSharp) and predicted; prints MAPE and Kendall tau.")]
    public int? Accuracy { get; set; }

    /// <inheritdoc/>
    [CommandOption("--json")]
    [Description("Print the result as one JSON document on stdout (errors still on stderr, same exit codes).")]
    public bool Json { get; set; }

    /// <inheritdoc/>
    public override ValidationResult Validate() =>
        Samples < 1 ? ValidationResult.Error("--samples must be at least 1")
        : Accuracy is < 2 ? ValidationResult.Error("--accuracy needs at least 2 architectures")
        : Accuracy is not null && Arch is not null ? ValidationResult.Error("--accuracy samples its own architectures; leave out --arch")
        : ValidationResult.Success();
}
