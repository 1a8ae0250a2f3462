using System.Globalization;
using System.Text;
using BossNas.Core.Architectures;
using BossNas.Engine.Correlation;
using BossNas.Engine.Pipeline;

namespace BossNas.Engine.Reports;

/// <summary>
/// The report's ratings: the best candidates of each block with a histogram, how reproducible each block's ratings are,
/// the whole architectures rated, and how the ratings of a ground-truth benchmark agree with it.
/// </summary>
internal static class RatingSections
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The top candidates of every rated block (best first), the chosen path marked, and a histogram of all scores.</summary>
    public static void Blocks(StringBuilder sb, RunSession s)
    {
        var space = s.Components.Space;
        sb.AppendLine("## Ratings per block");
        sb.AppendLine();
        var prefix = Architecture.Parse(s.State.Architecture ?? s.State.FixedPrefix);
        for (int b = 0; b < space.Blocks.Count; b++)
        {
            var ratings = RatingRecorder.Read(s.Folder, b);
            if (ratings.Count == 0) continue;
            var chosen = b < prefix.Blocks.Count ? prefix.Blocks[b].ToString() : "";
            sb.AppendLine(Inv, $"### Block {b}: {ratings.Count} candidates (best first; chosen `{chosen}`)");
            sb.AppendLine();
            sb.AppendLine("| rank | path | score | MAdds (cheapest completion) |");
            sb.AppendLine("|---|---|---|---|");
            foreach (var (r, i) in ratings.Take(s.Config.Report.TopK).Select((r, i) => (r, i)))
                sb.AppendLine(Inv, $"| {i + 1} | `{r.Path}`{(r.Path == chosen ? " ◀" : "")} | {r.Score:F6} | {(r.MAdds is { } m ? Cost.Human(m) : "—")} |");
            sb.AppendLine();
            if (s.Config.Report.Plots)
            {
                var png = Plots.RatingHistogram(s.Folder, b, ratings.Select(r => (r.Path, r.Score)).ToList(), chosen);
                sb.AppendLine(Inv, $"![block {b} ratings]({Path.GetFileName(png)})");
                sb.AppendLine();
            }
        }
    }

    /// <summary>The reproducibility of each block's ratings, when <c>[pipeline] reliability</c> measured it.</summary>
    public static void Reliability(StringBuilder sb, RunSession s)
    {
        if (s.State.BlockReliability.Count == 0) return;
        sb.AppendLine("## Rating reliability");
        sb.AppendLine();
        sb.AppendLine("Each block's candidates rated a second time with the same trained supernet on independent rating data (the next " +
                      "validation images, other views and calibration batches): how far the two passes agree says how much the ranking " +
                      "that chose the path is signal rather than rating noise.");
        sb.AppendLine();
        sb.AppendLine("| block | candidates | Kendall τ-b between passes | Spearman ρ | score spread (sd) |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var r in s.State.BlockReliability.OrderBy(r => r.Block))
        {
            var scores = RatingRecorder.Read(s.Folder, r.Block).Select(x => x.Score).ToList();
            double mean = scores.Count > 0 ? scores.Average() : double.NaN;
            double sd = SampleStats.Std(scores);
            sb.AppendLine(Inv, $"| {r.Block} | {r.Candidates} | {r.KendallTauB:F3} | {r.SpearmanRho:F3} | {sd:G3} |");
        }
        sb.AppendLine();
    }

    /// <summary>The best whole architectures the evaluator rated.</summary>
    public static void Architectures(StringBuilder sb, RunSession s)
    {
        var rated = s.State.ArchitectureRatings;
        if (rated.Count == 0) return;
        var best = (s.Components.Evaluator.LowerIsBetter ? rated.OrderBy(r => r.Score) : rated.OrderByDescending(r => r.Score)).ToList();
        sb.AppendLine(Inv, $"## Rated architectures: {rated.Count} (best first)");
        sb.AppendLine();
        // One column per configured cost metric (by default MAdds and params).
        var names = s.Components.CostMetrics.Names;
        sb.AppendLine("| rank | architecture | score | " + string.Join(" | ", names.Select(n => n == Core.Costs.CostMetricNames.MAdds ? "MAdds" : n)) + " |");
        sb.AppendLine("|---|---|---|" + string.Concat(names.Select(_ => "---|")));
        foreach (var (r, i) in best.Take(s.Config.Report.TopK).Select((r, i) => (r, i)))
        {
            var costs = string.Join(" | ", names.Select(n => r.Value(n) is { } v ? (Math.Abs(v) >= 1e3 ? Cost.Human(v) : v.ToString("G4", Inv)) : "—"));
            sb.AppendLine(Inv, $"| {i + 1} | `{ReportWriter.Escape(r.Architecture)}` | {r.Score:F6} | {costs} |");
        }
        sb.AppendLine();
    }

    /// <summary>How the evaluator's ratings of the configured benchmark agree with its accuracies.</summary>
    public static void Benchmark(StringBuilder sb, RunSession s)
    {
        if (s.State.Benchmark is not { } agreement) return;
        sb.AppendLine("## Ratings against the ground-truth benchmark");
        sb.AppendLine();
        sb.AppendLine(Inv, $"The evaluator rated the {agreement.N} architectures of `{ReportWriter.Escape(Path.GetFileName(Path.GetDirectoryName(s.Config.Pipeline.Benchmark) ?? ""))}` with the trained supernet in {agreement.Seconds:F1} s (`ratings/benchmark.csv`); signs in the evaluator's direction (+1: rating order = accuracy order).");
        sb.AppendLine();
        sb.AppendLine("| Kendall τ-b | τ 95 % interval | Spearman ρ | Pearson r | top-10 % precision | top-5 % precision | BR/WR@5 % | τ within MAdds quartiles | τ between two rating passes |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|");
        sb.AppendLine(Inv, $"| {agreement.KendallTauB:F3} | {Interval(agreement.TauLow, agreement.TauHigh)} | {agreement.SpearmanRho:F3} | {agreement.PearsonR:F3} | " +
                           $"{agreement.TopTenPrecision:F2} | {Optional(agreement.TopFivePrecision, "F2")} | {agreement.TopFive?.ToString() ?? "—"} | " +
                           $"{Optional(agreement.WithinCostTau)} | {Optional(agreement.Reliability)} |");
        sb.AppendLine();
        sb.AppendLine("The interval is a bootstrap over the architectures (1,000 resamples); BR/WR@5 %: the best and worst true rank " +
                      "(1 = most accurate) among the 5 % rated best.");
        sb.AppendLine();
    }

    private static string Optional(double? value, string format = "F3") => value is { } v ? v.ToString(format, Inv) : "—";

    private static string Interval(double? low, double? high) =>
        low is { } l && high is { } h ? string.Create(Inv, $"{l:F3} to {h:F3}") : "—";
}
