using System.Globalization;
using BossNas.Engine.Reports.Figures;

namespace BossNas.Engine.Compare;

/// <summary>The comparison's plots: PNG for <c>report.md</c>, SVG with the architecture of each point for <c>report.html</c>.</summary>
internal static class ComparePlots
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// An arm's ratings of the benchmark (its first seed) against the benchmark's accuracies as they are now (those the run
    /// was rated against where the benchmark, <paramref name="truth"/>, does not hold its architectures); null without ratings.
    /// </summary>
    public static string? Ratings(string folder, string arm, ArmResult first, IReadOnlyDictionary<string, double>? truth)
    {
        var file = Path.Combine(first.Folder, "ratings", "benchmark.csv");
        if (!File.Exists(file)) return null;
        var rows = Rows(file);
        var now = Pipeline.BenchmarkRemeasure.CurrentAccuracies(rows.Select(f => f[0]).ToList(), truth);
        var points = rows.Select((f, i) => (Row: f, Accuracy: now?[i] ?? Number(f[2])))
            .Select(p => new ScatterPoint(p.Accuracy, Number(p.Row[1]), string.Create(Inv, $"{p.Row[0]}: accuracy {p.Accuracy:R} %, rating {p.Row[1]}"))).ToList();
        var tau = first.Benchmark is { } b ? string.Create(Inv, $" (Kendall τ {b.KendallTauB:F3})") : "";
        var figure = new ScatterFigure($"{arm}, seed {first.Seed}: benchmark ratings{tau}", // the table shows the mean over seeds
            "stand-alone test accuracy (%)", "rating (evaluator score)", [new ScatterSeries("benchmark", points)]);
        return figure.Save(Path.Combine(folder, $"ratings_{arm}.png"), 700, 450);
    }

    /// <summary>Test accuracy against MAdds: the benchmark's cloud, each arm's found architectures and their controls.</summary>
    public static string AccuracyVsMAdds(string folder, IReadOnlyList<ArmResult> results, string? benchmark)
    {
        var series = new List<ScatterSeries>();
        if (benchmark is not null)
            series.Add(new ScatterSeries("benchmark", Rows(benchmark).Select(f =>
                new ScatterPoint(Number(f[2]) / 1e6, Number(f[1]), $"{f[0]}: {f[1]} %, {Number(f[2]) / 1e6:F2} M MAdds")).ToList(),
                Size: 5, Colour: ScatterFigure.Grey));
        foreach (var arm in results.GroupBy(r => r.Arm))
        {
            var found = arm.Where(r => r.TestAccuracy is not null).ToList();
            if (found.Count == 0) continue;
            series.Add(new ScatterSeries($"{arm.Key} (found)", found.Select(r => new ScatterPoint(r.MAdds / 1e6, r.TestAccuracy!.Value * 100,
                string.Create(Inv, $"{arm.Key}, seed {r.Seed}: {r.Architecture}, {r.TestAccuracy!.Value * 100:F2} %, {r.MAdds / 1e6:F2} M MAdds"))).ToList(), Size: 11));
        }
        var controls = results.SelectMany(r => r.ControlAccuracies.Select(c => new ScatterPoint(r.MAdds / 1e6, c * 100,
            string.Create(Inv, $"control of {r.Arm}, seed {r.Seed}: {c * 100:F2} %, {r.MAdds / 1e6:F2} M MAdds")))).ToList();
        if (controls.Count > 0)
            series.Add(new ScatterSeries("controls (at the found architecture's MAdds)", controls, ScatterMarker.Cross, 9, ScatterFigure.Black));
        var figure = new ScatterFigure("Test accuracy against MAdds", "MAdds (millions)", "test accuracy (%)", series);
        return figure.Save(Path.Combine(folder, "accuracy_vs_madds.png"), 900, 560);
    }

    private static List<string[]> Rows(string csv) =>
        File.ReadLines(csv).Skip(1).Select(l => l.Split(',')).Where(f => f.Length >= 3).ToList();

    private static double Number(string s) => double.Parse(s, Inv);
}
