using System.ComponentModel;
using System.Globalization;
using BossNas.Cli.Json;
using BossNas.Cli.Settings;
using BossNas.Engine.Correlation;

namespace BossNas.Cli.Commands;

/// <summary>
/// <c>bossnas correlate</c>: Kendall tau-b, Spearman rho and Pearson r between per-block ratings (summed per
/// architecture) and ground-truth accuracies. The last line is machine-readable.
/// </summary>
[Description("Correlates per-block ratings with ground-truth accuracies")]
internal sealed class CorrelateCommand : BossNasCommand<CorrelateSettings>
{
    /// <inheritdoc/>
    protected override int Run(CorrelateSettings settings, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(settings.Ratings)) throw new UsageException($"{settings.Ratings}: no such folder");
        Hosting.RequireFile(settings.Truth);
        if (settings.ScoreDecimals is < 0 or > 15) throw new UsageException($"--score-decimals must be 0..15, not {settings.ScoreDecimals}");
        if (!double.IsFinite(settings.Offset)) throw new UsageException($"--offset must be a finite number, not {settings.Offset}");
        try
        {
            using var host = Hosting.ForConfig(null);
            var space = host.CreateDefault<BossNas.Core.Spaces.ISearchSpace>(BossNas.Core.Components.ComponentKind.SearchSpace, settings.Space);
            var (accuracy, score) = ArchitectureScorer.Load(space, settings.Ratings, settings.Truth, settings.Offset, settings.ScoreDecimals);
            var result = RankCorrelation.Compute(accuracy, score);
            if (settings.Json)
            {
                CliJson.Print(new CorrelateJson(settings.Space, settings.Ratings, settings.Truth, settings.Offset, settings.ScoreDecimals,
                    result.N, result.KendallTauB, result.SpearmanRho, result.PearsonR));
                return ExitCodes.Ok;
            }
            var offset = settings.Offset.ToString(CultureInfo.InvariantCulture);
            Console.WriteLine($"space {settings.Space}: ratings {settings.Ratings}, truth {settings.Truth}");
            Console.WriteLine($"score = sum over blocks of (rating + {offset}); negative values mean lower loss goes with higher accuracy");
            Console.WriteLine(ArchitectureScorer.TopSummary(accuracy, score));
            Console.WriteLine(result);
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is FormatException or IOException or KeyNotFoundException or ArgumentException
                                      or InvalidDataException or NotSupportedException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }
}
