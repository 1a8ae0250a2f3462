using System.ComponentModel;
using Spectre.Console.Cli;

namespace BossNas.Cli.Settings;

/// <summary>Settings of <c>bossnas run</c>.</summary>
internal sealed class RunSettings : OverrideSettings
{
    /// <summary>A config file, or a run folder to continue.</summary>
    [CommandArgument(0, "<config-or-run-folder>")]
    [Description("A TOML config (resumes its newest unfinished run when the config is unchanged) or a run folder to resume.")]
    public string Target { get; set; } = "";

    /// <summary>Start a fresh run even if an unfinished one exists.</summary>
    [CommandOption("--new")]
    [Description("Start a fresh run folder instead of resuming the newest unfinished one.")]
    public bool New { get; set; }

    /// <summary>One part of a run folder (what a Slurm task of the run's parts executor runs).</summary>
    [CommandOption("--part <NAME>")]
    [Description("Run one part of a run folder (stage2, retrain, control3, ...); the run's Slurm executor submits these.")]
    public string? Part { get; set; }

    /// <summary>Resume even though the config changed since the run started.</summary>
    [CommandOption("--force")]
    [Description("Resume an unfinished run even though its config changed; the run goes on under the new config.")]
    public bool Force { get; set; }
}
