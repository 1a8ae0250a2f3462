using BossNas.Engine.Correlation;

namespace BossNas.Cli.Commands;

/// <summary>
/// <c>bossnas correlate</c>: Kendall tau-b, Spearman rho and Pearson r between per-block ratings (summed per
/// architecture) and ground-truth accuracies. The last line is machine-readable.
/// </summary>
internal static class CorrelateCommand
{
    public static int Execute(ParsedArgs args)
    {
        args.AllowOnly("--space", "--ratings", "--truth");
        if (args.Positional.Count > 0) throw new UsageException($"unexpected argument '{args.Positional[0]}'");
        var space = args.Required("--space");
        var ratings = args.Required("--ratings");
        var truth = args.Required("--truth");
        if (!Directory.Exists(ratings)) throw new UsageException($"{ratings}: no such folder");
        Hosting.RequireFile(truth);
        try
        {
            using var host = Hosting.ForConfig(null);
            var result = ArchitectureScorer.Correlate(
                host.CreateDefault<BossNas.Core.Spaces.ISearchSpace>(BossNas.Core.Components.ComponentKind.SearchSpace, space), ratings, truth);
            Console.WriteLine($"space {space}: ratings {ratings}, truth {truth}");
            Console.WriteLine("score = sum over blocks of (rating + 4); negative values mean lower loss goes with higher accuracy");
            Console.WriteLine(result);
            return CommandLine.Ok;
        }
        catch (Exception e) when (e is FormatException or IOException or KeyNotFoundException or ArgumentException or InvalidDataException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return CommandLine.BadInput;
        }
    }
}
