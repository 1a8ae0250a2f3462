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
                loadAwareThreads: true, init: InitialWeights(settings, host));
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

    /// <summary>Where the network's initial weights come from: <c>--init</c>, <c>--from-supernet</c>, or neither.</summary>
    private static InitialWeights? InitialWeights(TrainSettings settings, Engine.Plugins.PluginHost host)
    {
        try
        {
            if (settings.Init is { } file)
            {
                if (!Engine.Import.StateDictFile.IsWeightsFile(file))
                    throw new UsageException($"--init {file}: not a PyTorch weights file ({string.Join(", ", Engine.Import.StateDictFile.Extensions)})");
                return new PyTorchInitialWeights(file, Engine.Import.NameMap.Parse(settings.Rename));
            }
            return settings.FromSupernet is { } supernet ? new SupernetInitialWeights(supernet, host) : null;
        }
        catch (Exception e) when (e is FormatException or InvalidDataException)
        {
            throw new UsageException($"{(settings.Init is null ? "--from-supernet" : "--rename")}: {e.Message}");
        }
    }
}
