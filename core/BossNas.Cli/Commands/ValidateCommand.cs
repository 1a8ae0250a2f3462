using System.ComponentModel;
using BossNas.Cli.Json;
using BossNas.Cli.Settings;
using BossNas.Engine.Compare;
using BossNas.Engine.Config;
using BossNas.Engine;

namespace BossNas.Cli.Commands;

/// <summary><c>bossnas validate</c>: binds and cross-checks a config without running anything heavy.</summary>
[Description("Checks a config; errors as file:line:column")]
internal sealed class ValidateCommand : BossNasCommand<ValidateSettings>
{
    /// <inheritdoc/>
    protected override int Run(ValidateSettings settings, CancellationToken cancellationToken)
    {
        var path = Hosting.RequireFile(settings.Config);
        var source = ConfigSource.Read(path, settings.Sets);
        using var host = Hosting.For(source);
        ValidateJson result;
        if (CompareConfig.IsCompareConfig(path))
        {
            // A compare config: every arm is bound and its combination checked (CompareConfig.Load does both).
            var compare = CompareConfig.Load(path, settings.Sets, host);
            result = new ValidateJson(path, "compare", null, compare.ArmNames);
        }
        else
        {
            var use = source.IntendedUse;
            var config = source.Bind(host, use);
            ComponentSet.Create(config, host);
            result = new ValidateJson(path, use == ConfigUse.Train ? "train" : "run", config.Hash(), null);
        }
        if (settings.Json) CliJson.Print(result);
        else if (result.Arms is { } arms) Console.WriteLine($"{path}: ok ({arms.Count} arms: {string.Join(", ", arms)})");
        else Console.WriteLine($"{path}: ok ({(result.Use == "train" ? "a `bossnas train` config, " : "")}config hash {result.ConfigHash![..12]})");
        return ExitCodes.Ok;
    }
}
