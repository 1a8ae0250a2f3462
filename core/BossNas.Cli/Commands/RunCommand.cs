using System.ComponentModel;
using BossNas.Cli.Settings;
using BossNas.Engine.Config;
using BossNas.Engine.Data;
using BossNas.Engine.Pipeline.Parts;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Runs;

namespace BossNas.Cli.Commands;

/// <summary>
/// <c>bossnas run</c>: the whole pipeline of a config, or the continuation of a run folder. Ctrl-C stops at the
/// next step boundary after writing a checkpoint (<see cref="StopSignals"/>; SIGTERM likewise).
/// </summary>
[Description("Runs the search of a config, or resumes a run folder")]
internal sealed class RunCommand : BossNasCommand<RunSettings>
{
    /// <inheritdoc/>
    protected override int Run(RunSettings settings, CancellationToken cancellationToken)
    {
        var target = settings.Target;
        if (!File.Exists(target) && !RunFolder.IsRunFolder(target))
            throw new UsageException($"{target}: neither a config file nor a run folder");
        if (settings.Part is { Length: > 0 })
        {
            using var partHost = Hosting.ForConfig(Path.Combine(target, RunFolder.ConfigFile));
            using var partStop = new StopSignals(cancellationToken);
            return RunPart(settings, partHost, settings.Part, partStop);
        }
        // Read once: the plugin host comes from its [plugins] paths and the launcher binds the same document.
        var source = ConfigSource.Read(target, settings.Sets);
        using var host = Hosting.For(source);
        using var stop = new StopSignals(cancellationToken);
        try
        {
            var options = new RunLauncher.Options(settings.Force, settings.New, settings.Verbose)
            {
                PartsExecutor = RunLauncher.Options.FromConfig, LoadAwareThreads = true,
            };
            var (outcome, folder) = RunLauncher.Launch(source, host, options, stop.Token);
            if (outcome == PhaseRunner.Outcome.Interrupted)
            {
                Console.Error.WriteLine($"interrupted; resume with: {Invocation.Command} run {folder.Path}");
                return stop.ExitCode;
            }
            Console.WriteLine($"done: {folder.File("report.md")}");
            return ExitCodes.Ok;
        }
        catch (DataFormatException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    /// <summary><c>--part</c>: one part of a run (a Slurm task of its parts executor runs this).</summary>
    private static int RunPart(RunSettings settings, Engine.Plugins.PluginHost host, string part, StopSignals stop)
    {
        if (!RunFolder.IsRunFolder(settings.Target)) throw new UsageException($"--part needs a run folder; {settings.Target} is not one");
        if (settings.Sets.Length > 0 || settings.New || settings.Force) throw new UsageException("--part takes no --set, --new or --force: a part runs its run's config");
        var folder = Path.Combine(settings.Target, "parts", part);
        if (!File.Exists(Path.Combine(folder, "part.json")))
            throw new UsageException($"{settings.Target} has no part '{part}'; parts are created by the run itself (see {Path.Combine(settings.Target, "parts")})");
        Engine.Logging.LoggingSetup.ForRun(folder, settings.Verbose);
        try
        {
            if (!PartRunner.Run(host, settings.Target, part, settings.Verbose, stop.Token))
            {
                Console.Error.WriteLine($"interrupted; resume with: {Invocation.Command} run {settings.Target} --part {part}");
                return stop.ExitCode;
            }
            Console.WriteLine($"done: part {part} of {settings.Target}");
            return ExitCodes.Ok;
        }
        catch (InvalidDataException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }
}
