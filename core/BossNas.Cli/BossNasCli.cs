using System.Reflection;
using BossNas.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BossNas.Cli;

/// <summary>The <c>bossnas</c> command line, callable in-process (the program's <c>Main</c> and tests use it).</summary>
public static class BossNasCli
{
    /// <summary>The informational version, e.g. <c>0.1.0+3f2a…</c>.</summary>
    public static string Version =>
        typeof(BossNasCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";

    /// <summary>Parses <paramref name="args"/> and runs the command they name.</summary>
    /// <param name="args">The command line without the program name, e.g. <c>["validate", "x.toml"]</c>.</param>
    /// <param name="stdout">Where output goes instead of <see cref="Console.Out"/> (plain text, no colours); null: the console.</param>
    /// <param name="stderr">Where errors go instead of <see cref="Console.Error"/>; null: the console.</param>
    /// <param name="cancellationToken">Stops a long command as Ctrl-C does (exit code 130).</param>
    /// <returns>One of <see cref="ExitCodes"/>; no arguments at all print the help and return 2.</returns>
    /// <remarks>
    /// While it runs, <see cref="Console.Out"/> and <see cref="Console.Error"/> are redirected to the given writers
    /// (process-wide), so callers must not run two commands at once. Logging is left configured for the console;
    /// the program shuts it down on exit.
    /// </remarks>
    public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var (savedOut, savedError) = (Console.Out, Console.Error);
        if (stdout is not null) Console.SetOut(stdout);
        if (stderr is not null) Console.SetError(stderr);
        try
        {
            var app = Create(ConsoleOn(Console.Out, plain: stdout is not null), ConsoleOn(Console.Error, plain: stderr is not null),
                verbose: args.Contains("--verbose"));
            if (args.Length == 0)
            {
                app.Run(["--help"], cancellationToken);
                return ExitCodes.BadInput;
            }
            return app.Run(WithOldSpellings(args), cancellationToken);
        }
        finally
        {
            Console.SetOut(savedOut);
            Console.SetError(savedError);
        }
    }

    private static CommandApp Create(IAnsiConsole stdout, IAnsiConsole stderr, bool verbose)
    {
        var errors = new CliErrors(stderr, verbose);
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("bossnas");
            config.SetApplicationVersion(Markup.Escape($"bossnas {Version}"));
            config.ConfigureConsole(stdout);
            config.Settings.MaximumIndirectExamples = 0;
            config.SetHelpProvider(new BossNasHelp(config.Settings));
            config.UseStrictParsing();
            config.ValidateExamples();
            config.CancellationExitCode(ExitCodes.Interrupted);
            config.SetExceptionHandler((e, _) => errors.Handle(e));
            CommandRegistry.AddCommands(config);
        });
        return app;
    }

    // `bossnas help` and `bossnas version` worked before the options did; they still do.
    private static string[] WithOldSpellings(string[] args) => args[0] switch
    {
        "help" => ["--help", .. args[1..]],
        "version" => ["--version", .. args[1..]],
        _ => args,
    };

    private static IAnsiConsole ConsoleOn(TextWriter writer, bool plain) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(writer),
        Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
        ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        Interactive = plain ? InteractionSupport.No : InteractionSupport.Detect,
    });
}
