using System.Globalization;
using System.Text;
using BossNas.Engine.Reports.Figures;

namespace BossNas.Engine.Compare;

/// <summary>
/// The comparison's fronts (<see cref="CompareFronts"/>): <c>fronts.csv</c> (one row per arm run and metric), a table of
/// hypervolume ratios per arm in <c>report.md</c>, and <c>fronts_&lt;metric&gt;.png</c> (each arm's front, first seed, at
/// its architectures' true accuracies, over the benchmark's cloud and true front).
/// </summary>
internal static class CompareFrontsReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Writes the CSV and plots and the markdown section; returns the plots.</summary>
    public static List<string> Write(StringBuilder sb, string folder, IReadOnlyList<CompareFronts.TrueFront> truths, IReadOnlyList<CompareFronts.ArmFront> arms)
    {
        var plots = new List<string>();
        if (truths.Count == 0) return plots;
        var csv = new StringBuilder("arm,seed,budget_scale,metric,front_size,true_front_size,true_front_members,hypervolume_ratio,front\n");
        foreach (var a in arms)
        {
            int trueSize = truths.First(t => t.Metric == a.Metric).Front.Count;
            csv.Append(Inv, $"{a.Arm},{a.Seed},{a.Scale:R},{a.Metric},{a.Front.Count},{trueSize},{a.TrueFrontMembers},{a.HypervolumeRatio:R},{string.Join(';', a.Front.Select(e => e.Architecture))}\n");
        }
        File.WriteAllText(Path.Combine(folder, "fronts.csv"), csv.ToString());

        sb.AppendLine();
        sb.AppendLine("Fronts over the benchmark: each arm's Pareto front of its ratings against a cost, taken over the benchmark's " +
                      "architectures, scored by their true accuracies. Hypervolume ratio: the area the front's true accuracies dominate " +
                      "over the area the benchmark's true front dominates (both objectives scaled to [0, 1] over the benchmark, reference " +
                      $"point ({CompareFronts.Reference:0.0}, {CompareFronts.Reference:0.0}); 1 = the rating found every true trade-off), mean ± std over seeds; " +
                      "on the true front: how many of the arm's front are members of it (`fronts.csv` lists every front).");
        sb.AppendLine();
        sb.AppendLine("| metric | arm | seeds | front size | on the true front | hypervolume ratio |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var t in truths)
        {
            sb.AppendLine(Inv, $"| {t.Metric} | benchmark's true front | – | {t.Front.Count} | {t.Front.Count} | 1 |");
            sb.AppendLine(Inv, $"| {t.Metric} | random ratings (mean of {CompareFronts.RandomDraws}) | – | {t.RandomFrontSize:0.#} | – | {t.RandomRatio:F3} |");
            foreach (var g in arms.Where(a => a.Metric == t.Metric).GroupBy(a => (a.Arm, a.Scale)))
            {
                var ratios = g.Select(a => a.HypervolumeRatio).Where(double.IsFinite).ToList();
                string ratio = ratios.Count == 0 ? "–" : ratios.Count == 1 ? ratios[0].ToString("F3", Inv)
                    : string.Create(Inv, $"{ratios.Average():F3} ± {Correlation.SampleStats.Std(ratios):F3}");
                string arm = g.Key.Scale == 1.0 ? g.Key.Arm : string.Create(Inv, $"{g.Key.Arm} x{g.Key.Scale:0.###}");
                sb.AppendLine(Inv, $"| {t.Metric} | {arm} | {g.Count()} | {g.Average(a => a.Front.Count):0.#} | {g.Average(a => a.TrueFrontMembers):0.#} | {ratio} |");
            }
            plots.Add(Plot(folder, t, arms.Where(a => a.Metric == t.Metric).ToList()));
        }
        return plots;
    }

    private static string Plot(string folder, CompareFronts.TrueFront truth, List<CompareFronts.ArmFront> arms)
    {
        bool millions = truth.Metric == Core.Costs.CostMetricNames.MAdds || truth.Metric == Core.Costs.CostMetricNames.Params;
        double X(double cost) => millions ? cost / 1e6 : cost;
        ScatterPoint P(CompareFronts.Entry e, string who) => new(X(e.Cost), e.Accuracy,
            string.Create(Inv, $"{who}: {e.Architecture}, accuracy {e.Accuracy:F2} %, {truth.Metric} {X(e.Cost):G4}"));
        var series = new List<ScatterSeries>
        {
            new($"benchmark's true front ({truth.Front.Count})", truth.Front.Select(e => P(e, "true front")).ToList(), ScatterMarker.Line, 2, ScatterFigure.Black),
        };
        // Each arm's first run (its first budget and seed): one line per arm keeps the figure readable.
        foreach (var a in arms.GroupBy(a => a.Arm).Select(g => g.OrderBy(a => a.Scale).ThenBy(a => a.Seed).First()))
        {
            var label = a.Scale == 1.0 ? $"{a.Arm}, seed {a.Seed}" : string.Create(Inv, $"{a.Arm} x{a.Scale:0.###}, seed {a.Seed}");
            series.Add(new ScatterSeries(string.Create(Inv, $"{label} (hypervolume ratio {a.HypervolumeRatio:F3})"), a.Front.Select(e => P(e, a.Arm)).ToList(), Size: 8));
        }
        var unit = millions ? $"{truth.Metric} (millions)" : truth.Metric;
        var figure = new ScatterFigure($"Fronts of the ratings over the benchmark, at true accuracy, against {truth.Metric}", unit, "true accuracy (%)", series);
        return figure.Save(Path.Combine(folder, $"fronts_{truth.Metric}.png"), 900, 560);
    }
}
