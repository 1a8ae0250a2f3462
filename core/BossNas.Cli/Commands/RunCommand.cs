using BossNas.Engine;
using BossNas.Engine.Config;

namespace BossNas.Cli.Commands;

/// <summary><c>bossnas run</c>: the whole pipeline of a config, or the continuation of a run folder.</summary>
internal static class RunCommand
{
    public static int Execute(ParsedArgs args)
    {
        args.AllowOnly();
        var target = args.Single("config file or run folder");
        using var host = Hosting.ForConfig(File.Exists(target) ? target : Path.Combine(target, "config.resolved.toml"));
        var config = RunConfig.Load(Hosting.RequireFile(target), args.Sets, host);
        ComponentSet.Create(config, host);
        Console.WriteLine("config ok; supernet training is not implemented yet");
        return CommandLine.Failed;
    }
}
