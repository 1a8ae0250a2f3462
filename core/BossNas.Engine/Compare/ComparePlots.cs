using System.Globalization;
using BossNas.Engine.Correlation;

namespace BossNas.Engine.Compare;

/// <summary>The comparison's plots, drawn with ScottPlot.</summary>
internal static class ComparePlots
{
    /// <summary>An arm's ratings of the benchmark (its first seed) against the benchmark's accuracies; null without ratings.</summary>
    public static string? Ratings(string folder, string arm, ArmResult first)
    {
        var file = Path.Combine(first.Folder, "ratings", "benchmark.csv");
        if (!File.Exists(file)) return null;
        var rows = File.ReadLines(file).Skip(1).Select(l => l.Split(',')).Where(f => f.Length >= 3).ToList();
        var plot = new ScottPlot.Plot();
        var scatter = plot.Add.ScatterPoints(rows.Select(f => double.Parse(f[2], CultureInfo.InvariantCulture)).ToArray(),
            rows.Select(f => double.Parse(f[1], CultureInfo.InvariantCulture)).ToArray());
        scatter.MarkerSize = 6;
        var tau = first.Benchmark is { } b ? string.Create(CultureInfo.InvariantCulture, $" (Kendall τ {b.KendallTauB:F3})") : "";
        plot.Title($"{arm}, seed {first.Seed}: benchmark ratings{tau}"); // the table shows the mean over seeds
        plot.XLabel("stand-alone test accuracy (%)");
        plot.YLabel("rating (evaluator score)");
        var path = Path.Combine(folder, $"ratings_{arm}.png");
        plot.SavePng(path, 700, 450);
        return path;
    }

    /// <summary>Test accuracy against MAdds: the benchmark's cloud, each arm's found architectures and their controls.</summary>
    public static string AccuracyVsMAdds(string folder, IReadOnlyList<ArmResult> results, string? benchmark)
    {
        var plot = new ScottPlot.Plot();
        if (benchmark is not null)
        {
            var rows = File.ReadLines(benchmark).Skip(1).Select(l => l.Split(',')).Where(f => f.Length >= 3).ToList();
            var cloud = plot.Add.ScatterPoints(rows.Select(f => double.Parse(f[2], CultureInfo.InvariantCulture) / 1e6).ToArray(),
                rows.Select(f => double.Parse(f[1], CultureInfo.InvariantCulture)).ToArray());
            cloud.Color = ScottPlot.Colors.LightGray;
            cloud.MarkerSize = 5;
            cloud.LegendText = "benchmark";
        }
        foreach (var arm in results.GroupBy(r => r.Arm))
        {
            var found = arm.Where(r => r.TestAccuracy is not null).ToList();
            if (found.Count == 0) continue;
            var points = plot.Add.ScatterPoints(found.Select(r => r.MAdds / 1e6).ToArray(), found.Select(r => r.TestAccuracy!.Value * 100).ToArray());
            points.MarkerSize = 11;
            points.LegendText = $"{arm.Key} (found)";
        }
        var controls = results.SelectMany(r => r.ControlAccuracies.Select(c => (r.MAdds, c))).ToList();
        if (controls.Count > 0)
        {
            var c = plot.Add.ScatterPoints(controls.Select(x => x.MAdds / 1e6).ToArray(), controls.Select(x => x.c * 100).ToArray());
            c.MarkerShape = ScottPlot.MarkerShape.Cross;
            c.MarkerSize = 9;
            c.Color = ScottPlot.Colors.Black;
            c.LegendText = "controls (at the found architecture's MAdds)";
        }
        plot.Title("Test accuracy against MAdds");
        plot.XLabel("MAdds (millions)");
        plot.YLabel("test accuracy (%)");
        plot.ShowLegend();
        var path = Path.Combine(folder, "accuracy_vs_madds.png");
        plot.SavePng(path, 900, 560);
        return path;
    }
}
