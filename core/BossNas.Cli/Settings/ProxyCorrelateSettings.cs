using System.ComponentModel;
using Spectre.Console.Cli;

namespace BossNas.Cli.Settings;

/// <summary>Settings of <c>bossnas proxy-correlate</c>.</summary>
internal sealed class ProxyCorrelateSettings : CommonSettings
{
    /// <summary>The space whose parser reads the truth keys and builds the networks.</summary>
    [CommandOption("--space <SPACE>", isRequired: true)]
    [Description("Registered search space, with its default options (nats: NATS-Bench's widths 8..64), that parses the truth keys and builds the networks.")]
    public string Space { get; set; } = "";

    /// <summary>Ground-truth accuracy file.</summary>
    [CommandOption("--truth <FILE>", isRequired: true)]
    [Description("Ground-truth accuracy per architecture: .yml (NATS), .json (MBConv) or .csv.")]
    public string Truth { get; set; } = "";

    /// <summary>Data-free evaluators, comma-separated.</summary>
    [CommandOption("--evaluator <NAMES>", isRequired: true)]
    [Description("Comma-separated evaluators that need neither a supernet nor data, e.g. [green]synflow,params,flops[/].")]
    public string Evaluators { get; set; } = "";

    /// <summary>Input shape C x H x W.</summary>
    [CommandOption("--input <CxHxW>")]
    [Description("Input image shape the networks are built for, e.g. 3x32x32 (CIFAR).")]
    [DefaultValue("3x32x32")]
    public string Input { get; set; } = "3x32x32";

    /// <summary>Number of classes.</summary>
    [CommandOption("--classes <N>")]
    [Description("Classes of the network's head.")]
    [DefaultValue(10)]
    public int Classes { get; set; } = 10;

    /// <summary>A random subset of the truth.</summary>
    [CommandOption("--sample <N>")]
    [Description("Rate a seeded random sample of N architectures instead of all.")]
    public int? Sample { get; set; }

    /// <summary>A score file that keeps every score as it is made, so a stopped rating goes on where it stopped.</summary>
    [CommandOption("--scores <FILE>")]
    [Description("Keep every score in this CSV as it is made (evaluator,architecture,score,seconds) and reuse the ones it holds: a stopped rating of thousands of architectures goes on where it stopped. Made for one space, input, class count and seed.")]
    public string? Scores { get; set; }

    /// <summary>Run seed: the networks' initialisation and the sample.</summary>
    [CommandOption("--seed <N>")]
    [Description("Seed of the networks' initialisation and of the sample.")]
    [DefaultValue(0L)]
    public long Seed { get; set; }
}
