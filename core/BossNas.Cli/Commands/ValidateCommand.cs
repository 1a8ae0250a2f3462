using BossNas.Engine;
using BossNas.Engine.Config;

namespace BossNas.Cli.Commands;

/// <summary><c>bossnas validate</c>: binds and cross-checks a config without running anything heavy.</summary>
internal static class ValidateCommand
{
    public static int Execute(ParsedArgs args)
    {
        args.AllowOnly();
        var path = Hosting.RequireFile(args.Single("config file"));
        using var host = Hosting.ForConfig(path);
        var config = RunConfig.Load(path, args.Sets, host);
        ComponentSet.Create(config, host);
        Console.WriteLine($"{path}: ok (config hash {config.Hash()[..12]})");
        return CommandLine.Ok;
    }
}
