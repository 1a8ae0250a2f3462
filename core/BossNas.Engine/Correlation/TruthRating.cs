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
    /// Rates <paramref name="truth"/>'s architectures with <paramref name="evaluator"/> (on the CPU, run seed
    /// <paramref name="seed"/>, no data) and measures the ratings against the accuracies. With <paramref name="scores"/>,
    /// kept scores are reused and new ones are rated <paramref name="chunk"/> at a time and kept as they come (a stopped
    /// rating goes on where it stopped); <paramref name="progress"/> hears (rated so far, total) after each chunk.
    /// </summary>
    /// <exception cref="ArgumentException">The evaluator needs a supernet or does not rate whole architectures.</exception>
    public static Result Rate(ISearchSpace space, IEvaluator evaluator, InputShape input,
        IReadOnlyList<(Architecture Architecture, double Accuracy)> truth, long seed = 0, ProxyScoreFile? scores = null,
        int chunk = 256, Action<int, int>? progress = null)
    {
        string name = ComponentNames.Of(evaluator);
        if (evaluator.NeedsSupernet || !evaluator.Scope.HasFlag(RatingScope.Architectures))
            throw new ArgumentException($"evaluator '{name}' needs a trained supernet or does not rate whole architectures; only a zero-cost evaluator rates a truth file");
        if (evaluator.CheckCompatible(space, null) is { } why) throw new ArgumentException($"evaluator '{name}': {why}");
        var context = new EvaluationContext(space, input, null, NoRatingData.Instance, RunContext.ForTests(seed));
        var architectures = truth.Select(t => t.Architecture).ToList();
        var keys = architectures.Select(a => a.ToString()).ToList();
        var score = new double[architectures.Count];
        var missing = new List<int>();
        for (int i = 0; i < keys.Count; i++)
            if (scores is not null && scores.TryGet(name, keys[i], out double kept)) score[i] = kept;
            else missing.Add(i);
        double seconds = scores?.Seconds(name, keys) ?? 0;
        int step = scores is null ? Math.Max(1, missing.Count) : Math.Max(1, chunk);
        for (int from = 0; from < missing.Count; from += step)
        {
            var part = missing.Skip(from).Take(step).ToList();
            var clock = Stopwatch.StartNew();
            IReadOnlyList<Rating> ratings;
            try
            {
                ratings = evaluator.RateArchitectures(part.Select(i => architectures[i]).ToList(), context);
            }
            catch (InvalidOperationException e)
            {
                throw new ArgumentException($"evaluator '{name}' cannot rate without data ({e.Message}); use a data-free one (synflow, params, flops, l2_norm, zen)", e);
            }
            double partSeconds = clock.Elapsed.TotalSeconds;
            seconds += partSeconds;
            for (int j = 0; j < part.Count; j++) score[part[j]] = ratings[j].Score;
            scores?.Append(name, part.Select((i, j) => (keys[i], ratings[j].Score)).ToList(), partSeconds);
            progress?.Invoke(keys.Count - missing.Count + from + part.Count, keys.Count);
        }
        var accuracy = truth.Select(t => t.Accuracy).ToList();
        var oriented = score.Select(x => evaluator.LowerIsBetter ? -x : x).ToList();
        var madds = architectures.Select(a => space.Cost(a, input).MAdds).ToList();
        var (low, high) = TauBootstrap.Interval(accuracy, oriented);
        return new Result(name, RankCorrelation.Compute(accuracy, oriented), low, high,
            RankCorrelation.TopPrecision(oriented, accuracy, 0.10), RankCorrelation.TopPrecision(oriented, accuracy, 0.05),
            TopRanks.Of(oriented, accuracy, 0.05), RankCorrelation.WithinBins(accuracy, oriented, madds), seconds);
    }
}
