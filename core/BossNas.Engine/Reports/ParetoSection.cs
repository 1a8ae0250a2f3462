using System.Globalization;
using System.Text;
using BossNas.Core.Architectures;
using BossNas.Core.Costs;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Pipeline;

namespace BossNas.Engine.Reports;

/// <summary>
/// The report's trade-offs: the non-dominated front of everything the search rated (<c>ratings/pareto.csv</c>) as a
/// table, and per configured cost metric a plot of the score against that cost over all rated candidates, the front
/// (and, with several metrics, the front against that metric alone) and the found architecture marked
/// (<c>pareto_&lt;metric&gt;.png</c>).
/// </summary>
internal static class ParetoSection
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Writes the section; nothing when the search rated no whole architecture.</summary>
    public static void Write(StringBuilder sb, RunSession s)
    {
        if (s.Components.EvaluatorOrNull is null) return;
        var rated = ParetoFrontFile.Rated(s);
        if (rated.Count == 0) return;
        var metrics = s.Components.CostMetrics;
        var front = ParetoFrontFile.Front(rated, s.Components.Evaluator.LowerIsBetter, metrics);
        var found = s.State.Architecture;
        sb.AppendLine(Inv, $"## Pareto front: {front.Count} of {rated.Count} rated architectures");
        sb.AppendLine();
        var against = string.Join(", ", metrics.Infos.Select(Describe));
        sb.AppendLine(Inv, $"Non-dominated in the score ({(s.Components.Evaluator.LowerIsBetter ? "lower" : "higher")} is better) against {against} (`ratings/{ParetoFrontFile.Name}`), cheapest first; ◀ the found architecture.");
        sb.AppendLine();
        sb.AppendLine("| architecture | score | " + string.Join(" | ", metrics.Infos.Select(i => i.Name)) + " |");
        sb.AppendLine("|---|---|" + string.Concat(metrics.Infos.Select(_ => "---|")));
        foreach (var r in front)
        {
            var costs = string.Join(" | ", metrics.Infos.Select(i => Format(r.Value(i.Name))));
            sb.AppendLine(Inv, $"| `{ReportWriter.Escape(r.Architecture)}`{(r.Architecture == found ? " ◀" : "")} | {r.Score:F6} | {costs} |");
        }
        sb.AppendLine();
        if (!s.Config.Report.Plots) return;
        foreach (var metric in metrics.Infos)
        {
            var png = Plot(s, metric, rated, front, found);
            sb.AppendLine(Inv, $"![score against {metric.Name}]({Path.GetFileName(png)})");
            sb.AppendLine();
        }
    }

    private static string Describe(CostMetricInfo i) =>
        $"{i.Name} ({i.Unit}, {i.Kind.ToString().ToLowerInvariant()}{(i.LowerIsBetter ? "" : ", higher is better")})";

    private static string Format(double? v) => v is { } x ? (Math.Abs(x) >= 1e3 ? Cost.Human(x) : x.ToString("G4", Inv)) : "—";

    private static string Plot(RunSession s, CostMetricInfo metric, IReadOnlyList<ArchitectureRatingRecord> rated,
        IReadOnlyList<ArchitectureRatingRecord> front, string? found)
    {
        var metrics = s.Components.CostMetrics;
        bool scoreLowerIsBetter = s.Components.Evaluator.LowerIsBetter;
        double[] X(IEnumerable<ArchitectureRatingRecord> rs) => rs.Select(r => r.Value(metric.Name) ?? double.NaN).ToArray();
        double[] Y(IEnumerable<ArchitectureRatingRecord> rs) => rs.Select(r => r.Score).ToArray();
        var plot = new ScottPlot.Plot();
        var all = plot.Add.ScatterPoints(X(rated), Y(rated));
        all.Color = ScottPlot.Colors.LightGray;
        all.MarkerSize = 5;
        all.LegendText = $"rated ({rated.Count})";
        // With more than one metric, some members of the front are non-dominated only through another metric and lie
        // under this plot's envelope: the front is drawn as points, and the front against this metric alone as a line.
        var points = plot.Add.ScatterPoints(X(front), Y(front));
        points.MarkerSize = 8;
        points.LegendText = metrics.Count > 1 ? $"Pareto front, all cost metrics ({front.Count})" : $"Pareto front ({front.Count})";
        if (metrics.Count > 1)
        {
            var alone = ParetoFrontFile.Front(rated, scoreLowerIsBetter, metrics.Only(metric.Name)).OrderBy(r => r.Value(metric.Name) ?? 0).ToList();
            var line = plot.Add.ScatterLine(X(alone), Y(alone));
            line.LegendText = $"front against {metric.Name} alone ({alone.Count})";
        }
        if (rated.FirstOrDefault(r => r.Architecture == found) is { } chosen)
        {
            var mark = plot.Add.ScatterPoints(X([chosen]), Y([chosen]));
            mark.MarkerShape = ScottPlot.MarkerShape.OpenCircle;
            mark.MarkerSize = 16;
            mark.Color = ScottPlot.Colors.Red;
            mark.LegendText = "found";
        }
        plot.Title($"Score against {metric.Name} of every rated architecture");
        plot.XLabel($"{metric.Name} ({metric.Unit})");
        plot.YLabel("score (evaluator)");
        plot.ShowLegend();
        var path = s.Folder.File($"pareto_{metric.Name}.png");
        plot.SavePng(path, 800, 500);
        return path;
    }
}
