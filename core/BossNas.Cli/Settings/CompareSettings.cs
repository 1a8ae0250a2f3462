using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BossNas.Cli.Settings;

/// <summary>Settings of <c>bossnas compare</c>.</summary>
internal sealed class CompareSettings : ConfigSettings, IJsonOutput
{
    /// <summary>Arms to run, comma-separated.</summary>
    [CommandOption("--arms <ARMS>")]
    [Description("Arms to run, comma-separated (default: [[compare]] arms, else every [[arms.<name>]] in order).")]
    public string? Arms { get; set; }

    /// <summary>Seeds per arm.</summary>
    [CommandOption("--seeds <N>")]
    [Description("Seeds per arm (default: [[compare]] seeds).")]
    public int? Seeds { get; set; }

    /// <summary>One arm × seed only.</summary>
    [CommandOption("--unit <ARM:SEED>")]
    [Description("Runs (or resumes) one arm with one seed and nothing else, e.g. [green]spos:0[/]: what a Slurm array task of the comparison runs.")]
    public string? Unit { get; set; }

    /// <summary>Writes the report from the finished arm runs only.</summary>
    [CommandOption("--report")]
    [Description("Runs nothing: writes report.md, results.csv and the plots from the arm runs finished so far (a long comparison's progress).")]
    public bool ReportOnly { get; set; }

    /// <inheritdoc/>
    [CommandOption("--json")]
    [Description("With --report: print the comparison table as one JSON document on stdout (errors still on stderr).")]
    public bool Json { get; set; }

    /// <inheritdoc/>
    public override ValidationResult Validate() =>
        Seeds is < 1 ? ValidationResult.Error("--seeds must be at least 1")
        // Running arms draws progress on stdout; only the report's table is a document.
        : Json && !ReportOnly ? ValidationResult.Error("--json needs --report (it prints the comparison table)")
        : base.Validate();
}
