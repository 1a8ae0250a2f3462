using BossNas.Engine.Data;
using BossNas.Engine.Pipeline;

namespace BossNas.Cli.Commands;

/// <summary><c>bossnas train &lt;config&gt; --arch &lt;encoding|name&gt;</c>: supervised training of one architecture.</summary>
internal static class TrainCommand
{
    public static int Execute(ParsedArgs args)
    {
        args.AllowOnly("--arch");
        var path = Hosting.RequireFile(args.Single("config file"));
        var arch = args.Required("--arch");
        using var host = Hosting.ForConfig(path);
        using var ctrlC = new CtrlC();
        try
        {
            var (accuracy, folder) = TrainLauncher.Launch(path, args.Sets, arch, host, args.Has("--verbose"), ctrlC.Token);
            if (accuracy is null) return CommandLine.Interrupted;
            Console.WriteLine($"test accuracy {accuracy:P2}; run folder {folder.Path}");
            return CommandLine.Ok;
        }
        catch (DataFormatException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return CommandLine.BadInput;
        }
    }
}
