using System.Reflection;
using BossNas.Engine.Config;
using BossNas.Engine.Logging;
using NLog;

namespace BossNas.Cli.Commands;

/// <summary>Parses the command line and dispatches to one command.</summary>
internal static class CommandLine
{
    public const int Ok = 0, Failed = 1, BadInput = 2, Interrupted = 130;

    private const string Usage = """
        bossnas: block-wise self-supervised neural architecture search on TorchSharp

        usage:
          bossnas run <config.toml | run-folder> [--set section.key=value]... [--new] [--force] [--verbose]
          bossnas train <config.toml> --arch <encoding | named architecture> [--set section.key=value]...
          bossnas validate <config.toml> [--set section.key=value]...
          bossnas plan <config.toml> [--set section.key=value]...
          bossnas plugins [--config <config.toml>]
          bossnas correlate --space <nats|mbconv|name> --ratings <folder> --truth <file> [--offset 4]
          bossnas --version | --help

        exit codes: 0 ok, 1 failed, 2 bad input, 130 interrupted
        """;

    public static int Run(string[] args)
    {
        LoggingSetup.ConsoleOnly(args.Contains("--verbose"));
        try
        {
            if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
            {
                Console.WriteLine(Usage);
                return args.Length == 0 ? BadInput : Ok;
            }
            if (args[0] is "--version" or "version")
            {
                var v = typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>();
                Console.WriteLine($"bossnas {v?.InformationalVersion ?? "?"}");
                return Ok;
            }
            var parsed = ParsedArgs.Parse(args.Skip(1).ToArray());
            return args[0] switch
            {
                "run" => RunCommand.Execute(parsed),
                "validate" => ValidateCommand.Execute(parsed),
                "plan" => PlanCommand.Execute(parsed),
                "train" => TrainCommand.Execute(parsed),
                "plugins" => PluginsCommand.Execute(parsed),
                "correlate" => CorrelateCommand.Execute(parsed),
                _ => UsageError($"unknown command '{args[0]}'" +
                                Names.DidYouMean(args[0], new[] { "run", "train", "validate", "plan", "plugins", "correlate" })),
            };
        }
        catch (UsageException e)
        {
            return UsageError(e.Message);
        }
        catch (ConfigException e)
        {
            foreach (var error in e.Errors) Console.Error.WriteLine(error);
            Console.Error.WriteLine($"{e.Errors.Count} error(s) in the config; nothing was run.");
            return BadInput;
        }
        finally
        {
            LogManager.Shutdown();
        }
    }

    private static int UsageError(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        Console.Error.WriteLine("run 'bossnas --help' for usage");
        return BadInput;
    }
}

/// <summary>A command-line mistake; printed with the usage hint, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
