using BossNas.Engine.Config;
using NLog;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BossNas.Cli.Commands;

/// <summary>
/// Turns what a command line or a command throws into a message on <see cref="Console.Error"/> and an exit code.
/// Messages are plain lines (never re-wrapped), so <c>file:line:column:</c> errors stay one per line.
/// </summary>
/// <param name="pretty">Renders the parser's pointed-at-the-argument errors.</param>
internal sealed class CliErrors(IAnsiConsole pretty)
{
    private static readonly Logger Log = LogManager.GetLogger("bossnas");

    /// <summary>Prints <paramref name="error"/> and returns its exit code (see <see cref="ExitCodes"/>).</summary>
    /// <param name="error">A parse error, a usage or config error, a cancellation, or a failure.</param>
    /// <returns>2 for bad input, 130 for a cancellation, 1 otherwise.</returns>
    public int Handle(Exception error)
    {
        var stderr = Console.Error;
        switch (error)
        {
            case CommandParseException { Pretty: { } renderable }:
                pretty.Write(renderable);
                return UsageHint(stderr);
            case CommandParseException or CommandRuntimeException or UsageException:
                stderr.WriteLine($"error: {error.Message}");
                return UsageHint(stderr);
            case ConfigException config:
                foreach (var e in config.Errors) stderr.WriteLine(e);
                stderr.WriteLine($"{config.Errors.Count} error(s) in the config; nothing was run.");
                return ExitCodes.BadInput;
            case OperationCanceledException:
                stderr.WriteLine("interrupted");
                return ExitCodes.Interrupted;
            default:
                Log.Debug(error, "bossnas failed");
                stderr.WriteLine($"error: {error}");
                return ExitCodes.Failed;
        }
    }

    private static int UsageHint(TextWriter stderr)
    {
        stderr.WriteLine("run 'bossnas --help' or 'bossnas <command> --help' for usage");
        return ExitCodes.BadInput;
    }
}
