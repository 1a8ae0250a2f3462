using System.Globalization;
using System.Text;
using BossNas.Core.Architectures;
using BossNas.Core.Costs;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Reports.Figures;

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

    /// <summary>A cost as the report prints it: large values with a unit suffix (3.5M), small ones to 4 digits; — when missing.</summary>
    internal static string Format(double? v) => v is { } x ? (Math.Abs(x) >= 1e3 ? Cost.Human(x) : x.ToString("G4", Inv)) : "—";

    private static string Plot(RunSession s, CostMetricInfo metric, IReadOnlyList<ArchitectureRatingRecord> rated,
        IReadOnlyList<ArchitectureRatingRecord> front, string? found)
    {
        var metrics = s.Components.CostMetrics;
        bool scoreLowerIsBetter = s.Components.Evaluator.LowerIsBetter;
        List<ScatterPoint> Points(IEnumerable<ArchitectureRatingRecord> rs) => rs.Select(r => new ScatterPoint(
            r.Value(metric.Name) ?? double.NaN, r.Score, string.Create(Inv, $"{r.Architecture}: score {r.Score:F6}, {metric.Name} {Format(r.Value(metric.Name))}"))).ToList();
        var series = new List<ScatterSeries> { new($"rated ({rated.Count})", Points(rated), Size: 5, Colour: ScatterFigure.Grey) };
        // With more than one metric, some members of the front are non-dominated only through another metric and lie
        // under this plot's envelope: the front is drawn as points, and the front against this metric alone as a line.
        series.Add(new ScatterSeries(metrics.Count > 1 ? $"Pareto front, all cost metrics ({front.Count})" : $"Pareto front ({front.Count})", Points(front), Size: 8));
        if (metrics.Count > 1)
        {
            var alone = ParetoFrontFile.Front(rated, scoreLowerIsBetter, metrics.Only(metric.Name)).OrderBy(r => r.Value(metric.Name) ?? 0).ToList();
            series.Add(new ScatterSeries($"front against {metric.Name} alone ({alone.Count})", Points(alone), ScatterMarker.Line));
        }
        if (rated.FirstOrDefault(r => r.Architecture == found) is { } chosen)
            series.Add(new ScatterSeries("found", Points([chosen]), ScatterMarker.Ring, 16, ScatterFigure.Red));
        var figure = new ScatterFigure($"Score against {metric.Name} of every rated architecture", $"{metric.Name} ({metric.Unit})", "score (evaluator)", series);
        return figure.Save(s.Folder.File($"pareto_{metric.Name}.png"), 800, 500);
    }
}
