using System.ComponentModel;
using BossNas.Cli.Settings;
using BossNas.Engine.Data;
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
        var configPath = RunFolder.IsRunFolder(target) ? Path.Combine(target, RunFolder.ConfigFile) : target;
        using var host = Hosting.ForConfig(configPath, settings.Sets);
        using var stop = new StopSignals(cancellationToken);
        try
        {
            var options = new RunLauncher.Options(settings.Force, settings.New, settings.Verbose);
            var (outcome, folder) = RunLauncher.Launch(target, settings.Sets, host, options, stop.Token);
            if (outcome == SearchPipeline.Outcome.Interrupted)
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
}
