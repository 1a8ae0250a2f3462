using BossNas.Cli.Settings;
using BossNas.Engine.Logging;
using Spectre.Console.Cli;

namespace BossNas.Cli.Commands;

/// <summary>
/// Base of every <c>bossnas</c> command: sets up console logging (<c>--verbose</c> for debug level; on stderr under
/// <c>--json</c>), then runs.
/// Exceptions are turned into exit codes by <see cref="CliErrors"/>.
/// </summary>
/// <typeparam name="TSettings">The command's arguments and options.</typeparam>
internal abstract class BossNasCommand<TSettings> : Command<TSettings>
    where TSettings : CommonSettings
{
    /// <inheritdoc/>
    public sealed override int Execute(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        // A JSON document must be all of stdout: log lines go to stderr then (set per command: tests run many in one process).
        LoggingSetup.ConsoleOnStdErr = settings is IJsonOutput { Json: true };
        LoggingSetup.ConsoleOnly(settings.Verbose);
        return Run(settings, cancellationToken);
    }

    /// <summary>Runs the command.</summary>
    /// <param name="settings">The parsed arguments and options.</param>
    /// <param name="cancellationToken">Cancelled by the caller of <see cref="BossNasCli.Run"/>; long commands add Ctrl-C.</param>
    /// <returns>One of <see cref="ExitCodes"/>.</returns>
    protected abstract int Run(TSettings settings, CancellationToken cancellationToken);
}
