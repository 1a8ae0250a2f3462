using System.Text.Json;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Runs;

namespace BossNas.Engine.Reports;

/// <summary>PNG plots of a run, drawn with ScottPlot from <c>metrics.jsonl</c> and the rating files.</summary>
internal static class Plots
{
    /// <summary>
    /// Training loss per step, one line per task (stage or retraining), of phase <paramref name="phase"/>
    /// ("supernet"), or of every other phase when null; returns the file.
    /// </summary>
    public static string? LossCurves(RunFolder folder, string? phase = null, string file = "loss.png")
    {
        var steps = MetricsWriter.Read(folder.File("metrics.jsonl"), "step")
            .Where(e => (e.GetProperty("phase").GetString() == PhaseNames.Supernet) == (phase == PhaseNames.Supernet)).ToList();
        // No steps of that kind (a zero-cost run has no supernet): no empty plot.
        if (steps.Count == 0) return null;
        var plot = new ScottPlot.Plot();
        foreach (var group in steps.GroupBy(Task))
        {
            var xs = group.Select(e => (double)e.GetProperty("step").GetInt32()).ToArray();
            var ys = group.Select(e => e.GetProperty("loss").GetDouble()).ToArray();
            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = group.Key;
        }
        plot.Title(phase == PhaseNames.Supernet ? "Supernet training loss per step (one line per block)" : "Training loss per step");
        plot.XLabel("optimiser step within the stage");
        IntegerTicks(plot.Axes.Bottom);
        plot.YLabel("loss");
        plot.ShowLegend();
        var path = folder.File(file);
        plot.SavePng(path, 900, 520);
        return path;
    }

    /// <summary>Lines through (x, y) points with a legend; returns the file.</summary>
    public static string Lines(RunFolder folder, string file, string title, string xLabel, string yLabel,
        IReadOnlyList<Core.Reporting.PlotSeries> series, bool integerX)
    {
        var plot = new ScottPlot.Plot();
        foreach (var s in series)
        {
            var line = plot.Add.ScatterLine(s.X.ToArray(), s.Y.ToArray());
            line.LegendText = s.Label;
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        if (integerX) IntegerTicks(plot.Axes.Bottom);
        plot.YLabel(yLabel);
        plot.ShowLegend();
        var path = folder.File(file);
        plot.SavePng(path, 800, 450);
        return path;
    }

    /// <summary>Histogram of one block's candidate scores with the chosen path marked; returns the file.</summary>
    public static string RatingHistogram(RunFolder folder, int block, IReadOnlyList<(string Path, double Score)> ratings, string chosen)
    {
        var scores = ratings.Select(r => r.Score).ToArray();
        double min = scores.Min(), max = scores.Max();
        int bins = Math.Clamp(scores.Length / 3, 5, 40);
        double width = Math.Max((max - min) / bins, 1e-12);
        var counts = new double[bins];
        foreach (var v in scores) counts[Math.Min(bins - 1, (int)((v - min) / width))]++;
        var plot = new ScottPlot.Plot();
        var bars = plot.Add.Bars(Enumerable.Range(0, bins).Select(i => min + (i + 0.5) * width).ToArray(), counts);
        foreach (var bar in bars.Bars) bar.Size = width * 0.9;
        var best = ratings.FirstOrDefault(r => r.Path == chosen);
        if (best.Path is not null)
        {
            var marker = plot.Add.VerticalLine(best.Score);
            marker.LegendText = $"chosen {chosen}";
            plot.ShowLegend();
        }
        plot.Title($"Block {block}: scores of {scores.Length} candidates");
        plot.XLabel("score");
        plot.YLabel("candidates");
        IntegerTicks(plot.Axes.Left);
        var path = folder.File($"ratings_block{block}.png");
        plot.SavePng(path, 700, 420);
        return path;
    }

    /// <summary>Counts (steps, generations, candidates) get whole-number ticks only.</summary>
    private static void IntegerTicks(ScottPlot.IAxis axis) =>
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

    private static string Task(JsonElement e) =>
        e.TryGetProperty("task", out var t) ? t.GetString() ?? "?" : e.TryGetProperty("phase", out var p) ? p.GetString() ?? "?" : "?";
}
