using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BossNas.Cli.Settings;

/// <summary>Settings of <c>bossnas benchmark</c>.</summary>
internal sealed class BenchmarkSettings : ConfigSettings
{
    /// <summary>The benchmark folder.</summary>
    [CommandOption("--out <FOLDER>", isRequired: true)]
    [Description("The benchmark folder: plan.json, benchmark.csv, README.md and runs/ (one run folder per training).")]
    public string Out { get; set; } = "";

    /// <summary>Architectures in the benchmark.</summary>
    [CommandOption("--architectures <N>")]
    [Description("Architectures, stratified by MAdds, the smallest and largest included (a new benchmark: 128; a saved one: its plan's).")]
    public int? Architectures { get; set; }

    /// <summary>Architectures trained with a second seed.</summary>
    [CommandOption("--repeats <N>")]
    [Description("Architectures (spread over the cost range) trained again with the next seed, for the noise ceiling (a new benchmark: 32; a saved one: its plan's, and more grow it, up to all).")]
    public int? Repeats { get; set; }

    /// <summary>One architecture × seed only.</summary>
    [CommandOption("--unit <ARCH:SEED>")]
    [Description("Trains one architecture with one seed and nothing else, e.g. [green]\"01|10|2:0\"[/]: what a Slurm array task of the build runs.")]
    public string? Unit { get; set; }

    /// <inheritdoc/>
    public override ValidationResult Validate() =>
        Architectures < 2 ? ValidationResult.Error("--architectures must be at least 2")
        : Repeats < 0 || Repeats > (Architectures ?? int.MaxValue) ? ValidationResult.Error("--repeats must be between 0 and --architectures")
        : base.Validate();
}
