using System.ComponentModel;
using BossNas.Cli.Settings;
using BossNas.Engine;
using BossNas.Engine.Compare;
using BossNas.Engine.Config;

namespace BossNas.Cli.Commands;

/// <summary><c>bossnas validate</c>: binds and cross-checks a config without running anything heavy.</summary>
[Description("Checks a config; errors as file:line:column")]
internal sealed class ValidateCommand : BossNasCommand<ConfigSettings>
{
    /// <inheritdoc/>
    protected override int Run(ConfigSettings settings, CancellationToken cancellationToken)
    {
        var path = Hosting.RequireFile(settings.Config);
        using var host = Hosting.ForConfig(path, settings.Sets);
        if (CompareConfig.IsCompareConfig(path))
        {
            // A compare config: every arm is bound and its combination checked (CompareConfig.Load does both).
            var compare = CompareConfig.Load(path, settings.Sets, host);
            Console.WriteLine($"{path}: ok ({compare.ArmNames.Count} arms: {string.Join(", ", compare.ArmNames)})");
            return ExitCodes.Ok;
        }
        var use = RunConfig.IntendedUse(path);
        var config = RunConfig.Load(path, settings.Sets, host, use);
        ComponentSet.Create(config, host);
        Console.WriteLine($"{path}: ok ({(use == ConfigUse.Train ? "a `bossnas train` config, " : "")}config hash {config.Hash()[..12]})");
        return ExitCodes.Ok;
    }
}
