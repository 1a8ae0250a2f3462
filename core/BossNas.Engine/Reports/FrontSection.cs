using System.Globalization;
using System.Text;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Reports.Figures;

namespace BossNas.Engine.Reports;

/// <summary>
/// The report's measured trade-off (the <c>front</c> phase): the knee and ends of the search's Pareto front trained from
/// scratch, each against random controls of about its cost, as a table and as test accuracy against that cost
/// (<c>front_trained.png</c>).
/// </summary>
internal static class FrontSection
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Writes the section; nothing before the front phase chose its points.</summary>
    public static void Write(StringBuilder sb, RunSession s)
    {
        var points = s.State.FrontPoints;
        string metric = s.State.FrontMetric;
        if (metric.Length == 0) return;
        if (points.Count == 0)
        {
            sb.AppendLine(Inv, $"## Pareto front, trained: score against {metric}").AppendLine();
            sb.AppendLine(Inv, $"Nothing trained: the search rated no whole architecture with a {metric}.").AppendLine();
            return;
        }
        sb.AppendLine(Inv, $"## Pareto front, trained: score against {metric}");
        sb.AppendLine();
        sb.AppendLine(Inv, $"Points of the search's front of score against {metric}, trained from scratch with [retrain]'s budget, each beside " +
            $"random architectures of about its {metric} (tolerance {s.Config.Retrain.ControlTolerance:P0}) trained the same way.");
        sb.AppendLine();
        sb.AppendLine(Inv, $"| point | architecture | score | {metric} | test accuracy | controls ({metric}: accuracy) | point − controls |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var p in points)
        {
            var controls = p.Controls.Select((c, i) => p.ControlAccuracies[i] is { } a
                ? string.Create(Inv, $"`{ReportWriter.Escape(c)}` {Number(p.ControlCosts[i])}: {a:P2}") : $"`{ReportWriter.Escape(c)}` not trained yet");
            var done = p.ControlAccuracies.OfType<double>().ToList();
            string margin = p.Accuracy is { } acc && done.Count > 0 ? string.Create(Inv, $"{(acc - done.Average()) * 100:+0.00;-0.00} points") : "—";
            sb.AppendLine(Inv, $"| {p.Point}{(p.Architecture == s.State.Architecture ? " (the found one)" : "")} | `{ReportWriter.Escape(p.Architecture)}` | " +
                $"{p.Score:F6} | {Number(p.Cost)} | {(p.Accuracy is { } a ? a.ToString("P2", Inv) : "not trained yet")} | " +
                $"{(controls.Any() ? string.Join("; ", controls) : "none")} | {margin} |");
        }
        sb.AppendLine();
        if (!s.Config.Report.Plots || points.All(p => p.Accuracy is null)) return;
        var png = Plot(s, points, metric);
        sb.AppendLine(Inv, $"![test accuracy against {metric}]({Path.GetFileName(png)})");
        sb.AppendLine();
    }

    private static string Number(double v) => ParetoSection.Format(v);

    private static string Plot(RunSession s, IReadOnlyList<FrontPointRecord> points, string metric)
    {
        var unit = s.Components.CostMetrics.Infos.First(i => i.Name == metric).Unit;
        var trained = points.Where(p => p.Accuracy is not null)
            .Select(p => new ScatterPoint(p.Cost, p.Accuracy!.Value * 100, string.Create(Inv, $"{p.Point} {p.Architecture}: {p.Accuracy:P2}, {metric} {Number(p.Cost)}"))).ToList();
        var controls = points.SelectMany(p => p.Controls.Select((c, i) => (c, i, p)))
            .Where(t => t.p.ControlAccuracies[t.i] is not null)
            .Select(t => new ScatterPoint(t.p.ControlCosts[t.i], t.p.ControlAccuracies[t.i]!.Value * 100,
                string.Create(Inv, $"control of the {t.p.Point} {t.c}: {t.p.ControlAccuracies[t.i]:P2}, {metric} {Number(t.p.ControlCosts[t.i])}"))).ToList();
        var figure = new ScatterFigure($"Trained points of the front against random controls of their {metric}", $"{metric} ({unit})", "test accuracy (%)",
        [
            new ScatterSeries($"random controls ({controls.Count})", controls, ScatterMarker.Cross, 9, ScatterFigure.Grey),
            new ScatterSeries($"front points ({trained.Count})", trained.OrderBy(p => p.X).ToList(), ScatterMarker.Dot, 10),
        ]);
        return figure.Save(s.Folder.File("front_trained.png"), 800, 500);
    }
}
