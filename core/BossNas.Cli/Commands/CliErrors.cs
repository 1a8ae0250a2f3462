using BossNas.Engine.Runs;
using BossNas.Engine.Data;
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
/// <param name="verbose">Print the whole exception (stack trace included) of a failure, not just its message.</param>
internal sealed class CliErrors(IAnsiConsole pretty, bool verbose = false)
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
            case RunFolderInUseException or DataFormatException:
                stderr.WriteLine($"error: {OneLine(error)}");
                return ExitCodes.BadInput;
            default:
                Log.Debug(error, "bossnas failed");
                // One line (the message chain) unless asked for the stack trace.
                stderr.WriteLine(verbose ? $"error: {error}" : $"error: {OneLine(error)} (--verbose shows where)");
                return ExitCodes.Failed;
        }
    }

    /// <summary>The messages of an exception and its causes, on one line.</summary>
    private static string OneLine(Exception error)
    {
        var parts = new List<string>();
        // A cause whose message the outer one already quotes adds nothing.
        for (var e = error; e is not null; e = e.InnerException)
            if (!parts.Any(p => p.Contains(e.Message, StringComparison.Ordinal))) parts.Add(e.Message);
        return string.Join(": ", parts).ReplaceLineEndings(" ");
    }

    private static int UsageHint(TextWriter stderr)
    {
        stderr.WriteLine("run 'bossnas --help' or 'bossnas <command> --help' for usage");
        return ExitCodes.BadInput;
    }
}
