using System.ComponentModel;
using BossNas.Cli.Settings;
using BossNas.Engine.Compare;
using BossNas.Engine.Config;
using BossNas.Engine;

namespace BossNas.Cli.Commands;

/// <summary><c>bossnas validate</c>: binds and cross-checks a config without running anything heavy.</summary>
[Description("Checks a config; errors as file:line:column")]
internal sealed class ValidateCommand : BossNasCommand<ConfigSettings>
{
    /// <inheritdoc/>
    protected override int Run(ConfigSettings settings, CancellationToken cancellationToken)
    {
        var path = Hosting.RequireFile(settings.Config);
        var source = ConfigSource.Read(path, settings.Sets);
        using var host = Hosting.For(source);
        if (CompareConfig.IsCompareConfig(path))
        {
            // A compare config: every arm is bound and its combination checked (CompareConfig.Load does both).
            var compare = CompareConfig.Load(path, settings.Sets, host);
            Console.WriteLine($"{path}: ok ({compare.ArmNames.Count} arms: {string.Join(", ", compare.ArmNames)})");
            return ExitCodes.Ok;
        }
        var use = source.IntendedUse;
        var config = source.Bind(host, use);
        ComponentSet.Create(config, host);
        Console.WriteLine($"{path}: ok ({(use == ConfigUse.Train ? "a `bossnas train` config, " : "")}config hash {config.Hash()[..12]})");
        return ExitCodes.Ok;
    }
}
