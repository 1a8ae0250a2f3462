using System.ComponentModel;
using System.Globalization;
using BossNas.Cli.Settings;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Spaces;
using BossNas.Engine.Correlation;

namespace BossNas.Cli.Commands;

/// <summary>
/// <c>bossnas proxy-correlate</c>: rates a ground-truth file's architectures with data-free evaluators (no dataset, no
/// supernet, CPU) and prints each one's agreement with the accuracies, one machine-readable line per evaluator.
/// </summary>
[Description("Rates a ground-truth file's architectures with data-free zero-cost evaluators and correlates them with the accuracies")]
internal sealed class ProxyCorrelateCommand : BossNasCommand<ProxyCorrelateSettings>
{
    /// <inheritdoc/>
    protected override int Run(ProxyCorrelateSettings settings, CancellationToken cancellationToken)
    {
        Hosting.RequireFile(settings.Truth);
        var input = ParseInput(settings.Input, settings.Classes);
        if (settings.Sample is < 2) throw new UsageException($"--sample must be at least 2, not {settings.Sample}");
        var names = settings.Evaluators.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0) throw new UsageException("--evaluator names no evaluator");
        try
        {
            using var host = Hosting.ForConfig(null);
            var space = host.CreateDefault<ISearchSpace>(ComponentKind.SearchSpace, settings.Space);
            var evaluators = names.Select(n => host.CreateDefault<IEvaluator>(ComponentKind.Evaluator, n)).ToList();
            var all = GroundTruth.Load(settings.Truth);
            var truth = TruthRating.Architectures(space, all, settings.Sample, settings.Seed);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"space {settings.Space}, input {input.Channels}x{input.Height}x{input.Width}, {input.Classes} classes, seed {settings.Seed}: " +
                $"{truth.Count} architectures of {settings.Truth}{(truth.Count < all.Count ? $" (a seeded sample of its {all.Count})" : "")}"));
            var scores = settings.Scores is { } file
                ? ProxyScoreFile.Open(file, string.Create(CultureInfo.InvariantCulture,
                    $"space={settings.Space} input={input.Channels}x{input.Height}x{input.Width} classes={input.Classes} seed={settings.Seed}"))
                : null;
            foreach (var evaluator in evaluators)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string name = ComponentNames.Of(evaluator);
                Console.WriteLine(TruthRating.Rate(space, evaluator, input, truth, settings.Seed, scores, progress: (done, total) =>
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {done:N0} of {total:N0} rated"));
                    cancellationToken.ThrowIfCancellationRequested();
                }));
            }
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is FormatException or IOException or KeyNotFoundException or ArgumentException
                                      or InvalidDataException or NotSupportedException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    private static InputShape ParseInput(string text, int classes)
    {
        var parts = text.Split('x');
        var dims = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : 0).ToArray();
        if (dims.Length != 3 || dims.Any(d => d < 1)) throw new UsageException($"--input must be CxHxW with positive sizes, e.g. 3x32x32, not '{text}'");
        if (classes < 2) throw new UsageException($"--classes must be at least 2, not {classes}");
        return new InputShape(dims[0], dims[1], dims[2], classes);
    }
}
