using System.Diagnostics;
using System.Globalization;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Context;
using BossNas.Core.Evaluation;
using BossNas.Core.Spaces;

namespace BossNas.Engine.Correlation;

/// <summary>
/// Rates the architectures of a ground-truth file with an evaluator that needs neither a supernet nor data (SynFlow,
/// the parameter count, MAdds) at a given input shape, and measures how its ranking agrees with the accuracies: an
/// anchor against published benchmarks with no dataset and no GPU.
/// </summary>
public static class TruthRating
{
    /// <summary>One evaluator's agreement with the truth (signs in the evaluator's direction: +1 is a perfect rating).</summary>
    /// <param name="Evaluator">The evaluator's name.</param>
    /// <param name="Correlation">τ-b, ρ and r of accuracy against the oriented score.</param>
    /// <param name="TauLow">Low end of τ-b's bootstrap 95 % interval.</param>
    /// <param name="TauHigh">High end of τ-b's bootstrap 95 % interval.</param>
    /// <param name="Top10">Precision at the top 10 %.</param>
    /// <param name="Top5">Precision at the top 5 %.</param>
    /// <param name="BrWr5">Best and worst true rank among the 5 % rated best.</param>
    /// <param name="TauInCostBins">Mean τ-b within MAdds quartiles.</param>
    /// <param name="Seconds">Wall time of the rating alone.</param>
    public sealed record Result(string Evaluator, CorrelationResult Correlation, double TauLow, double TauHigh, double Top10, double Top5,
        TopRanks BrWr5, double TauInCostBins, double Seconds)
    {
        /// <summary>One machine-readable line.</summary>
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"evaluator={Evaluator} n={Correlation.N} kendall_tau_b={Correlation.KendallTauB:F4} kendall_tau_b_95ci=[{TauLow:F4}, {TauHigh:F4}] " +
            $"spearman_rho={Correlation.SpearmanRho:F4} pearson_r={Correlation.PearsonR:F4} top10_precision={Top10:F4} top5_precision={Top5:F4} " +
            $"br_wr_top5={BrWr5} tau_in_madds_quartiles={TauInCostBins:F4} seconds={Seconds:F1}");
    }

    /// <summary>
    /// The truth's architectures parsed in <paramref name="space"/> with their accuracies, in key order; with
    /// <paramref name="sample"/>, that many drawn without replacement by a generator seeded <paramref name="seed"/>.
    /// </summary>
    /// <exception cref="FormatException">A key is not an architecture of the space.</exception>
    public static IReadOnlyList<(Architecture Architecture, double Accuracy)> Architectures(ISearchSpace space,
        IReadOnlyDictionary<string, double> truth, int? sample = null, long seed = 0)
    {
        var keys = truth.Keys.Order(StringComparer.Ordinal).ToList();
        if (sample is int k && k < keys.Count)
        {
            var rng = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
            keys = keys.OrderBy(_ => rng.Next()).Take(k).Order(StringComparer.Ordinal).ToList();
        }
        return keys.Select(key =>
        {
            var a = space.ParseBenchmarkKey(key);
            if (space.Validate(a) is { } why) throw new FormatException($"truth key {key} is not valid in this space: {why}");
            return (a, truth[key]);
        }).ToList();
    }

    /// <summary>
    /// Rates <paramref name="truth"/>'s architectures with <paramref name="evaluator"/> in one call (on the CPU, run
    /// seed <paramref name="seed"/>, no data) and measures the ratings against the accuracies.
    /// </summary>
    /// <exception cref="ArgumentException">The evaluator needs a supernet or does not rate whole architectures.</exception>
    public static Result Rate(ISearchSpace space, IEvaluator evaluator, InputShape input,
        IReadOnlyList<(Architecture Architecture, double Accuracy)> truth, long seed = 0)
    {
        string name = ComponentNames.Of(evaluator);
        if (evaluator.NeedsSupernet || !evaluator.Scope.HasFlag(RatingScope.Architectures))
            throw new ArgumentException($"evaluator '{name}' needs a trained supernet or does not rate whole architectures; only a zero-cost evaluator rates a truth file");
        if (evaluator.CheckCompatible(space, null) is { } why) throw new ArgumentException($"evaluator '{name}': {why}");
        var context = new EvaluationContext(space, input, null, NoRatingData.Instance, RunContext.ForTests(seed));
        var architectures = truth.Select(t => t.Architecture).ToList();
        var clock = Stopwatch.StartNew();
        IReadOnlyList<Rating> ratings;
        try
        {
            ratings = evaluator.RateArchitectures(architectures, context);
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException($"evaluator '{name}' cannot rate without data ({e.Message}); use a data-free one (synflow, params, flops, l2_norm, zen)", e);
        }
        double seconds = clock.Elapsed.TotalSeconds;
        var accuracy = truth.Select(t => t.Accuracy).ToList();
        var score = ratings.Select(r => evaluator.LowerIsBetter ? -r.Score : r.Score).ToList();
        var madds = architectures.Select(a => space.Cost(a, input).MAdds).ToList();
        var (low, high) = TauBootstrap.Interval(accuracy, score);
        return new Result(name, RankCorrelation.Compute(accuracy, score), low, high,
            RankCorrelation.TopPrecision(score, accuracy, 0.10), RankCorrelation.TopPrecision(score, accuracy, 0.05),
            TopRanks.Of(score, accuracy, 0.05), RankCorrelation.WithinBins(accuracy, score, madds), seconds);
    }
}
