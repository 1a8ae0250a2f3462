using NLog;
using NLog.Config;
using NLog.Layouts;
using NLog.Targets;

namespace BossNas.Engine.Logging;

/// <summary>
/// NLog configuration: concise lines on the console, detailed lines (with structured properties) in the run
/// folder's <c>log.txt</c> once a run folder exists.
/// </summary>
public static class LoggingSetup
{
    /// <summary>
    /// Console log lines go to stderr instead of stdout: set while a command prints a JSON document on stdout, so the
    /// document stays the only thing there. Applies to the configurations made after it is set.
    /// </summary>
    public static bool ConsoleOnStdErr { get; set; }

    /// <summary>Console logging only (before a run folder exists, and for commands without one).</summary>
    public static void ConsoleOnly(bool verbose = false)
    {
        var config = new LoggingConfiguration();
        config.AddRule(verbose ? LogLevel.Debug : LogLevel.Info, LogLevel.Fatal, ConsoleTarget());
        LogManager.Configuration = config;
    }

    /// <summary>Console plus <c>log.txt</c> in <paramref name="runFolder"/> (appended on resume).</summary>
    public static void ForRun(string runFolder, bool verbose = false)
    {
        var config = new LoggingConfiguration();
        config.AddRule(verbose ? LogLevel.Debug : LogLevel.Info, LogLevel.Fatal, ConsoleTarget());
        var file = new FileTarget("logfile")
        {
            FileName = Path.Combine(runFolder, "log.txt"),
            Layout = Layout.FromString(
                "${longdate} ${level:uppercase=true:padding=-5} ${logger:shortName=true} ${message}" +
                "${onexception:${newline}${exception:format=tostring}} ${all-event-properties:format=[key]=[value]}"),
            KeepFileOpen = true,
        };
        config.AddRule(LogLevel.Debug, LogLevel.Fatal, file);
        LogManager.Configuration = config;
    }

    private static Target ConsoleTarget() => new ColoredConsoleTarget("console")
    {
        Layout = Layout.FromString("${time} ${level:uppercase=true:padding=-5} ${message}${onexception: ${exception:format=message}}"),
        StdErr = ConsoleOnStdErr,
    };
}
