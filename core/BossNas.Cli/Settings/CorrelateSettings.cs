using System.ComponentModel;
using BossNas.Engine.Correlation;
using Spectre.Console.Cli;

namespace BossNas.Cli.Settings;

/// <summary>Settings of <c>bossnas correlate</c>.</summary>
internal sealed class CorrelateSettings : CommonSettings, IJsonOutput
{
    /// <summary>How ground-truth keys become per-block paths.</summary>
    [CommandOption("--space <SPACE>", isRequired: true)]
    [Description("Registered search space whose parser reads the ground-truth keys: [green]nats[/] (c1:c2:c3:c4:c5 widths), [green]mbconv[/] (per-block op lists), or any other (architecture strings such as 5433|3230).")]
    public string Space { get; set; } = "";

    /// <summary>Folder of per-block rating files.</summary>
    [CommandOption("--ratings <FOLDER>", isRequired: true)]
    [Description("Folder of per-block ratings (ratings_block<b>.csv or path_rank_<b>.yml).")]
    public string Ratings { get; set; } = "";

    /// <summary>Ground-truth accuracy file.</summary>
    [CommandOption("--truth <FILE>", isRequired: true)]
    [Description("Ground-truth accuracy per architecture: .yml (NATS), .json (MBConv) or .csv.")]
    public string Truth { get; set; } = "";

    /// <summary>Added to each block's rating before summing.</summary>
    [CommandOption("--offset <N>")]
    [Description("Added to each block's rating before the per-architecture sum (BossNAS uses 4).")]
    [DefaultValue(ArchitectureScorer.DefaultBlockOffset)]
    public double Offset { get; set; } = ArchitectureScorer.DefaultBlockOffset;

    /// <summary>Decimals each architecture's score is rounded to; none keeps it exact.</summary>
    [CommandOption("--score-decimals <N>")]
    [Description("Round each architecture's score to N decimals before ranking, as BossNAS's scripts do (4) for its published files; default exact.")]
    public int? ScoreDecimals { get; set; }

    /// <inheritdoc/>
    [CommandOption("--json")]
    [Description("Print the result as one JSON document on stdout (errors still on stderr, same exit codes).")]
    public bool Json { get; set; }
}
