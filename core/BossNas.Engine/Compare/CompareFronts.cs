using System.Globalization;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Pareto;
using BossNas.Engine.Runs;

namespace BossNas.Engine.Compare;

/// <summary>
/// What each arm's ratings would hand a user who wants trade-offs: its Pareto front over the benchmark (the benchmark's
/// architectures non-dominated in the arm's rating against a cost), scored by the <b>true</b> accuracies of the
/// architectures on it. Per cost metric, objectives are scaled to [0, 1] over the benchmark (cost, and accuracy as
/// best − accuracy) and the hypervolume is taken against the reference point (1.1, 1.1); the arm's figure is its
/// front's hypervolume over the hypervolume of the benchmark's true front (1 = the rating found every true trade-off).
/// The true accuracies are the benchmark's as it is now, as for the arms' τ (<see cref="Pipeline.BenchmarkRemeasure"/>).
/// </summary>
internal static class CompareFronts
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The scaled reference point: 10 % beyond the benchmark's worst accuracy and highest cost.</summary>
    public const double Reference = 1.1;

    /// <summary>One arm run's front against one metric.</summary>
    public sealed record ArmFront(string Arm, long Seed, double Scale, string Metric, IReadOnlyList<Entry> Front, double HypervolumeRatio, int TrueFrontMembers);

    /// <summary>A benchmark architecture with its true accuracy (%), the arm's rating and its cost on the metric.</summary>
    public sealed record Entry(string Architecture, double Accuracy, double Score, double Cost);

    /// <summary>
    /// The benchmark's true front against a metric and its scaled hypervolume, with what a rating of no information gets:
    /// the mean ratio and front size of <see cref="RandomDraws"/> random ratings (seeded, so the report repeats).
    /// </summary>
    public sealed record TrueFront(string Metric, IReadOnlyList<Entry> Front, double Hypervolume, double RandomRatio, double RandomFrontSize);

    /// <summary>Random ratings drawn for the no-information reference.</summary>
    public const int RandomDraws = 200;

    /// <summary>Scaled hypervolume of <paramref name="entries"/> (their true accuracies) within the ranges of <paramref name="all"/>.</summary>
    public static double ScaledHypervolume(IEnumerable<Entry> entries, IReadOnlyList<Entry> all)
    {
        double cMin = all.Min(e => e.Cost), cMax = all.Max(e => e.Cost), aMin = all.Min(e => e.Accuracy), aMax = all.Max(e => e.Accuracy);
        double Scale(double v, double lo, double hi) => hi > lo ? (v - lo) / (hi - lo) : 0;
        return Hypervolume.Of2D(entries.Select(e => (Scale(e.Cost, cMin, cMax), Scale(aMax - e.Accuracy, 0, aMax - aMin))), (Reference, Reference));
    }

    /// <summary>The non-dominated entries by (<paramref name="value"/> higher is better unless <paramref name="lowerIsBetter"/>, cost lower), cheapest first.</summary>
    public static List<Entry> FrontBy(IReadOnlyList<Entry> entries, Func<Entry, double> value, bool lowerIsBetter) =>
        NonDominatedSorting.FirstFront(entries.Select(e => (IReadOnlyList<double>)[lowerIsBetter ? value(e) : -value(e), e.Cost]).ToList())
            .Select(i => entries[i]).OrderBy(e => e.Cost).ThenBy(e => e.Architecture, StringComparer.Ordinal).ToList();

    /// <summary>Every arm run's front against every configured metric, and the true fronts; empty without arm ratings of the benchmark.</summary>
    public static (List<TrueFront> Truth, List<ArmFront> Arms) Compute(CompareConfig config, IReadOnlyList<ArmResult> results)
    {
        var truths = new List<TrueFront>();
        var arms = new List<ArmFront>();
        var costCache = new Dictionary<(string Metric, string Architecture), double>();
        // Each arm's benchmark as it is now, read once (the arms of a comparison share one).
        var benchmarks = new Dictionary<string, IReadOnlyDictionary<string, double>?>();
        IReadOnlyDictionary<string, double>? Benchmark(string file) => benchmarks.TryGetValue(file, out var t) ? t
            : benchmarks[file] = file.Length > 0 && File.Exists(file) ? Correlation.GroundTruth.Load(file) : null;
        foreach (var metric in config.Section.FrontMetrics)
        {
            List<Entry>? universe = null;
            // Fronts are formed against costs to minimise: a metric where higher is better is negated.
            bool costLowerIsBetter = Costs.CostMetricSet.Create([metric], config.Host).Infos[0].LowerIsBetter;
            foreach (var r in results)
            {
                var file = Path.Combine(r.Folder, "ratings", "benchmark.csv");
                if (!File.Exists(file)) continue;
                var rc = config.Bind(r.Arm, r.Seed, r.BudgetScale);
                var set = ComponentSet.Create(rc, config.Host);
                var entries = WithCurrentAccuracies(Read(file, metric, set, InputOf(r.Folder), costCache,
                    () => Costs.CostMetricSet.Create([metric], config.Host, rc.CostMetricOptions)), Benchmark(rc.Pipeline.Benchmark))
                    .Where(e => double.IsFinite(e.Cost)).Select(e => e with { Cost = Objectives.Minimised(e.Cost, costLowerIsBetter) }).ToList();
                if (entries.Count == 0) continue;
                universe ??= entries;
                var front = FrontBy(entries, e => e.Score, set.Evaluator.LowerIsBetter);
                var truth = FrontBy(entries, e => e.Accuracy, false);
                double hv = ScaledHypervolume(truth, entries);
                arms.Add(new ArmFront(r.Arm, r.Seed, r.BudgetScale, metric, front, hv > 0 ? ScaledHypervolume(front, entries) / hv : double.NaN,
                    front.Count(e => truth.Any(t => t.Architecture == e.Architecture))));
            }
            if (universe is not null)
            {
                var truth = FrontBy(universe, e => e.Accuracy, false);
                double hv = ScaledHypervolume(truth, universe);
                var rng = new Core.Context.SeededRandom(0);
                var random = Enumerable.Range(0, RandomDraws).Select(_ =>
                {
                    var scores = universe.Select(_ => rng.NextDouble()).ToList();
                    var front = FrontBy(universe.Select((e, i) => e with { Score = scores[i] }).ToList(), e => e.Score, false);
                    return (Ratio: ScaledHypervolume(front, universe) / hv, front.Count);
                }).ToList();
                truths.Add(new TrueFront(metric, truth, hv, random.Average(r => r.Ratio), random.Average(r => r.Count)));
            }
        }
        return (truths, arms);
    }

    // The benchmark's accuracies as they are now where it holds these architectures (a run keeps the ones it was rated against).
    private static List<Entry> WithCurrentAccuracies(List<Entry> entries, IReadOnlyDictionary<string, double>? benchmark) =>
        Pipeline.BenchmarkRemeasure.CurrentAccuracies(entries.Select(e => e.Architecture).ToList(), benchmark) is { } now
            ? entries.Select((e, i) => e with { Accuracy = now[i] }).ToList() : entries;

    // ratings/benchmark.csv: architecture, score, accuracy, madds, then the arm's other cost metrics; a metric it lacks is
    // computed for the space (a latency table is built once per machine and shared).
    private static List<Entry> Read(string file, string metric, ComponentSet set, InputShape input, Dictionary<(string, string), double> cache,
        Func<Costs.CostMetricSet> metricSet)
    {
        var lines = File.ReadLines(file).ToList();
        var header = lines[0].Split(',');
        int column = Array.IndexOf(header, metric);
        var metrics = column < 0 ? metricSet() : null;
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).Select(p =>
        {
            double cost = column >= 0 ? double.Parse(p[column], Inv)
                : cache.TryGetValue((metric, p[0]), out var c) ? c
                : cache[(metric, p[0])] = metrics!.Value(metric, set.Space, input, Architecture.Parse(p[0]));
            return new Entry(p[0], double.Parse(p[2], Inv), double.Parse(p[1], Inv), cost);
        }).ToList();
    }

    private static InputShape InputOf(string runFolder)
    {
        using var json = JsonFiles.Parse(Path.Combine(runFolder, "architecture.json"), "a run's found architecture");
        var i = json.RootElement.GetProperty("input");
        return new InputShape(i.GetProperty("channels").GetInt32(), i.GetProperty("height").GetInt32(), i.GetProperty("width").GetInt32(),
            i.GetProperty("classes").GetInt32());
    }
}
