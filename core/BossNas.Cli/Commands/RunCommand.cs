using BossNas.Engine.Data;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Runs;

namespace BossNas.Cli.Commands;

/// <summary>
/// <c>bossnas run</c>: the whole pipeline of a config, or the continuation of a run folder. Ctrl-C stops at the
/// next step boundary after writing a checkpoint (<see cref="CtrlC"/>).
/// </summary>
internal static class RunCommand
{
    public static int Execute(ParsedArgs args)
    {
        args.AllowOnly();
        var target = args.Single("config file or run folder");
        if (!File.Exists(target) && !RunFolder.IsRunFolder(target))
            throw new UsageException($"{target}: neither a config file nor a run folder");
        var configPath = RunFolder.IsRunFolder(target) ? Path.Combine(target, RunFolder.ConfigFile) : target;
        using var host = Hosting.ForConfig(configPath);
        using var ctrlC = new CtrlC();
        try
        {
            var options = new RunLauncher.Options(args.Has("--force"), args.Has("--new"), args.Has("--verbose"));
            var (outcome, folder) = RunLauncher.Launch(target, args.Sets, host, options, ctrlC.Token);
            if (outcome == SearchPipeline.Outcome.Interrupted)
            {
                Console.Error.WriteLine($"interrupted; resume with: bossnas run {folder.Path}");
                return CommandLine.Interrupted;
            }
            Console.WriteLine($"done: {folder.File("report.md")}");
            return CommandLine.Ok;
        }
        catch (DataFormatException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return CommandLine.BadInput;
        }
    }
}
