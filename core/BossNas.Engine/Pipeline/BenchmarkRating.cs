using System.Diagnostics;
using System.Globalization;
using System.Text;
using BossNas.Core.Architectures;
using BossNas.Core.Evaluation;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Correlation;
using NLog;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// After the search, with <c>[pipeline] benchmark</c>: the evaluator rates every architecture of the benchmark with the
/// trained supernet (block-wise evaluators sum their block scores, as their methods rank architectures), the ratings go
/// to <c>ratings/benchmark.csv</c> beside the accuracies (and every configured cost metric), and their agreement with the benchmark to the run state: overall, within
/// MAdds quartiles, and (<c>[pipeline] reliability</c>) against a second rating pass on independent rating data.
/// </summary>
internal static class BenchmarkRating
{
    private static readonly Logger Log = LogManager.GetLogger(PhaseNames.Search);

    /// <summary>Rates the benchmark unless the run has no benchmark or already rated it.</summary>
    public static void Run(RunSession s, EvaluationContext context)
    {
        var file = s.Config.Pipeline.Benchmark;
        if (file.Length == 0 || s.State.Benchmark is not null) return;
        var (space, evaluator) = (s.Components.Space, s.Components.Evaluator);
        if (!evaluator.Scope.HasFlag(RatingScope.Architectures))
        {
            Log.Warn("pipeline.benchmark: evaluator '{Evaluator}' does not rate whole architectures; the benchmark is not rated",
                Core.Components.ComponentNames.Of(evaluator));
            return;
        }
        var truth = GroundTruth.Load(file);
        var architectures = truth.Keys.Select(space.ParseBenchmarkKey).ToList();
        foreach (var a in architectures)
            if (space.Validate(a) is { } why) throw new FormatException($"{file}: architecture {a} is not valid in this space: {why}");
        var clock = Stopwatch.StartNew();
        var evaluation = s.WithRunRatings(context);
        var ratings = s.Progress.Rating("benchmark", architectures.Count, () => evaluator.RateArchitectures(architectures, evaluation));
        RatingChecks.Require(Core.Components.ComponentNames.Of(evaluator), architectures.Select(Candidate.Whole).ToList(), ratings);
        double seconds = clock.Elapsed.TotalSeconds;
        s.State.AddTime("benchmark rating", seconds);
        var scores = ratings.Select(r => r.Score).ToList();
        List<double>? second = null;
        if (s.Config.Pipeline.Reliability)
        {
            var secondClock = Stopwatch.StartNew();
            using var data = s.CreateSecondRatingData();
            var other = s.WithRunRatings(context with { Data = data }, stageRatings: false);
            var again = s.Progress.Rating("benchmark, second pass", architectures.Count, () => evaluator.RateArchitectures(architectures, other));
            RatingChecks.Require(Core.Components.ComponentNames.Of(evaluator), architectures.Select(Candidate.Whole).ToList(), again);
            second = again.Select(r => r.Score).ToList();
            s.State.AddTime("benchmark second pass", secondClock.Elapsed.TotalSeconds);
        }

        var accuracy = truth.Values.ToList();
        var madds = architectures.Select(a => space.Cost(a, s.Input).MAdds).ToList();
        // In the evaluator's direction: +1 means the architectures rated better are the more accurate ones.
        var oriented = evaluator.LowerIsBetter ? scores.Select(x => -x).ToList() : scores;
        double? reliability = second is null ? null : RankCorrelation.KendallTauB(scores, second);
        var agreement = BenchmarkAgreement.Measure(oriented, accuracy, madds, seconds, reliability);
        s.State.Benchmark = agreement;
        // The configured cost metrics other than MAdds follow the columns this file always had.
        var others = s.Components.CostMetrics.Names.Where(n => n != Core.Costs.CostMetricNames.MAdds).ToList();
        var csv = new StringBuilder(second is null ? "architecture,score,accuracy,madds" : "architecture,score,accuracy,madds,score_second_pass");
        csv.Append(string.Concat(others.Select(n => "," + n))).Append('\n');
        for (int i = 0; i < architectures.Count; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{architectures[i]},{scores[i]:R},{accuracy[i]:R},{madds[i]:R}");
            if (second is not null) csv.Append(CultureInfo.InvariantCulture, $",{second[i]:R}");
            if (others.Count > 0)
            {
                var values = s.Components.CostMetrics.Values(space, s.Input, architectures[i], space.Cost(architectures[i], s.Input));
                foreach (var n in others) csv.Append(CultureInfo.InvariantCulture, $",{values[n]:R}");
            }
            csv.Append('\n');
        }
        File.WriteAllText(Path.Combine(s.Folder.Sub("ratings"), "benchmark.csv"), csv.ToString());
        Log.Info("Benchmark {File}: {N} architectures rated in {Seconds:F1} s; Kendall tau {Tau:F3} (95 % interval {Low:F3} to {High:F3}), " +
                 "Spearman rho {Rho:F3}, top-10 % precision {Top:F2}, top-5 % precision {Top5:F2}, best/worst true rank of the top 5 % {Ranks}, " +
                 "tau within MAdds quartiles {Binned:F3}, tau between two rating passes {Reliability}", file, agreement.N, seconds,
            agreement.KendallTauB, agreement.TauLow, agreement.TauHigh, agreement.SpearmanRho, agreement.TopTenPrecision,
            agreement.TopFivePrecision, agreement.TopFive, agreement.WithinCostTau,
            reliability is { } r ? r.ToString("F3", CultureInfo.InvariantCulture) : "not measured");
    }
}
