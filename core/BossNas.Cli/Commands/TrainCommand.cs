using System.ComponentModel;
using BossNas.Cli.Settings;
using BossNas.Engine.Config;
using BossNas.Engine.Data;
using BossNas.Engine.Pipeline;

namespace BossNas.Cli.Commands;

/// <summary><c>bossnas train &lt;config&gt; --arch &lt;encoding|name&gt;</c>: supervised training of one architecture.</summary>
[Description("Trains one architecture from scratch (no search)")]
internal sealed class TrainCommand : BossNasCommand<TrainSettings>
{
    /// <inheritdoc/>
    protected override int Run(TrainSettings settings, CancellationToken cancellationToken)
    {
        var path = Hosting.RequireFile(settings.Config);
        var source = ConfigSource.Read(path, settings.Sets);
        using var host = Hosting.For(source);
        using var stop = new StopSignals(cancellationToken);
        try
        {
            var (accuracy, folder) = TrainLauncher.Launch(source, settings.Arch, host, settings.Verbose, stop.Token, settings.New,
                loadAwareThreads: true);
            if (accuracy is null) return stop.ExitCode;
            Console.WriteLine($"test accuracy {accuracy:P2}; run folder {folder.Path}");
            return ExitCodes.Ok;
        }
        catch (DataFormatException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }
}
