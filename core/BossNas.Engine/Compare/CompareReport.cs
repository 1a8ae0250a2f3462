using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BossNas.Core.Architectures;
using BossNas.Engine.Correlation;

namespace BossNas.Engine.Compare;

/// <summary>
/// The comparison's outputs in its folder: <c>report.md</c> and <c>report.html</c> (one row per arm, means over seeds),
/// <c>table.json</c> (those rows), <c>results.csv</c>
/// (one row per arm run, with every cost metric the arms recorded), a table of the found architectures' cost metrics, <c>ratings_&lt;arm&gt;.png</c> (each arm's ratings of the benchmark against its accuracies),
/// <c>accuracy_vs_madds.png</c> (the benchmark's cloud, each arm's found architectures and their controls) and
/// <c>tensorboard/</c> (each arm run's hyperparameters and metrics for TensorBoard's hparams dashboard).
/// </summary>
internal static class CompareReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>One arm's row: means over its seeds.</summary>
    internal sealed record Row(string Arm, int Seeds, double SupernetSeconds, double SupernetImages, double TeacherSeconds, double RatingSeconds, double? Tau,
        double? Rho, double? TopTen, string Architectures, [property: JsonPropertyName("madds")] double MAdds, double? AccuracyMean, double? AccuracyStd, double? ControlMean,
        double? ControlStd, double? Percentile, double PeakRssMb, int Epochs = 0, double? WithinCostTau = null, double? Reliability = null,
        double? TopFive = null, double? BestRank = null, double? WorstRank = null, double? TauLow = null, double? TauHigh = null,
        double? SeedAgreement = null);

    /// <summary>Aggregates the arm runs per arm, in the order the arms ran.</summary>
    public static List<Row> Rows(IReadOnlyList<ArmResult> results, IReadOnlyList<double>? benchmarkAccuracy)
    {
        var rows = new List<Row>();
        foreach (var g in results.GroupBy(r => (r.Arm, r.BudgetScale)))
        {
            var list = g.ToList();
            var acc = list.Where(r => r.TestAccuracy is not null).Select(r => r.TestAccuracy!.Value * 100).ToList();
            var controls = list.SelectMany(r => r.ControlAccuracies).Select(x => x * 100).ToList();
            var bench = list.Where(r => r.Benchmark is not null).Select(r => r.Benchmark!).ToList();
            double? mean = acc.Count > 0 ? acc.Average() : null;
            double? percentile = mean is { } m && benchmarkAccuracy is { Count: > 0 } b ? 100.0 * b.Count(x => x < m) / b.Count : null;
            var binned = bench.Where(x => x.WithinCostTau is { } v && double.IsFinite(v)).Select(x => x.WithinCostTau!.Value).ToList();
            var reliable = bench.Where(x => x.Reliability is not null).Select(x => x.Reliability!.Value).ToList();
            rows.Add(new Row(g.Key.Arm, list.Count, list.Average(r => r.SupernetSeconds), list.Average(r => (double)r.SupernetImages),
                list.Average(r => r.TeacherSeconds), list.Average(r => r.RatingSeconds),
                bench.Count > 0 ? bench.Average(x => x.KendallTauB) : null, bench.Count > 0 ? bench.Average(x => x.SpearmanRho) : null,
                bench.Count > 0 ? bench.Average(x => x.TopTenPrecision) : null,
                string.Join(", ", list.Select(r => r.Architecture).Distinct()), list.Average(r => r.MAdds),
                mean, acc.Count > 1 ? SampleStats.Std(acc) : acc.Count == 1 ? 0 : null,
                controls.Count > 0 ? controls.Average() : null, controls.Count > 1 ? SampleStats.Std(controls) : controls.Count == 1 ? 0 : null,
                percentile, list.Max(r => r.PeakRssMb), list[0].Epochs, binned.Count > 0 ? binned.Average() : null,
                reliable.Count > 0 ? reliable.Average() : null, MeanOf(bench, x => x.TopFivePrecision), MeanOf(bench, x => x.TopFive?.Best),
                MeanOf(bench, x => x.TopFive?.Worst), MeanOf(bench, x => x.TauLow), MeanOf(bench, x => x.TauHigh), Compare.SeedAgreement.Of(list)));
        }
        return rows;
    }

    // The mean over the seeds that measured it (runs made before a figure existed have none).
    private static double? MeanOf(List<Checkpoints.BenchmarkAgreement> bench, Func<Checkpoints.BenchmarkAgreement, double?> figure)
    {
        var values = bench.Select(figure).Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value).ToList();
        return values.Count > 0 ? values.Average() : null;
    }

    /// <summary>Writes every output.</summary>
    public static void Write(CompareConfig config, IReadOnlyList<ArmResult> results)
    {
        Directory.CreateDirectory(config.Folder);
        var benchmark = config.Section.Benchmark.Length > 0
            ? Path.GetFullPath(Path.Combine(Path.GetDirectoryName(config.Path) ?? ".", config.Section.Benchmark)) : null;
        var truth = benchmark is not null ? GroundTruth.Load(benchmark) : null;
        var rows = Rows(results, truth?.Values.ToList());
        File.WriteAllText(Path.Combine(config.Folder, "results.csv"), Csv(results));
        var plots = new List<string>();
        foreach (var arm in results.GroupBy(r => r.Arm))
            if (ComparePlots.Ratings(config.Folder, arm.Key, arm.First(), truth) is { } png) plots.Add(png);
        plots.Add(ComparePlots.AccuracyVsMAdds(config.Folder, results, benchmark));
        File.WriteAllText(Path.Combine(config.Folder, TableFile), JsonSerializer.Serialize(new { arms = rows }, TableJson));
        var report = Path.Combine(config.Folder, "report.md");
        var (truths, fronts) = CompareFronts.Compute(config, results);
        File.WriteAllText(report, Markdown(config, rows, results, benchmark, plots, truths, fronts));
        Reports.HtmlReport.WriteBeside(report);
        CompareTensorBoard.Write(config.Folder, results);
    }

    /// <summary>The comparison table as JSON (<c>{"arms": [row, ...]}</c>), the rows <c>report.md</c> shows, for scripts and <c>compare --json</c>.</summary>
    public const string TableFile = "table.json";

    private static readonly JsonSerializerOptions TableJson = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static string Markdown(CompareConfig config, List<Row> rows, IReadOnlyList<ArmResult> results, string? benchmark, List<string> plots,
        IReadOnlyList<CompareFronts.TrueFront> truths, IReadOnlyList<CompareFronts.ArmFront> fronts)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Inv, $"# Comparison: {Path.GetFileName(config.Path)}");
        sb.AppendLine();
        sb.AppendLine("Every arm ran on the same space, data, retraining recipe and seeds; an arm's numbers are means over its seeds. " +
                      "τ, ρ and top-10 % precision compare the arm's ratings of the benchmark's architectures (trained supernet, the arm's " +
                      "evaluator) with their stand-alone accuracies, signs in the evaluator's direction. Test accuracy: the found " +
                      "architecture retrained with the config's recipe (or tested with inherited weights), mean ± std over seeds; " +
                      "controls: random architectures of similar MAdds trained the same way, mean ± std over all controls and seeds; " +
                      "percentile: share of the benchmark's architectures less accurate than the found one (meaningful when the " +
                      "retraining recipe is the benchmark's). Teacher s: a distilling arm's teacher training, outside the supernet budget.");
        if (benchmark is not null)
            sb.AppendLine().Append(Inv, $"Benchmark: `{benchmark}`. ")
                .AppendLine("Every arm's agreement, rating plot and fronts use its accuracies as they are at this report (an arm run's " +
                            "ratings stay in its `ratings/benchmark.csv`), so arms rated before the benchmark gained a seed are scored like the rest.");
        sb.AppendLine();
        sb.AppendLine("τ in cost bins: the mean τ within MAdds quartiles of the benchmark (what a rating knows beyond size); reliability: " +
                      "τ between the arm's rating and a second rating pass of the same supernet on independent rating data " +
                      "(`[pipeline] reliability`); τ interval: the bootstrap 95 % interval of each seed's τ (1,000 resamples of the " +
                      "architectures), ends averaged over seeds; top-5 %: precision at the top 5 %; BR/WR@5 %: the best and worst true rank " +
                      "(1 = most accurate) among the 5 % rated best, averaged over seeds; seeds agree: τ between two seeds' ratings of the " +
                      "benchmark, averaged over pairs of seeds (how much the rating depends on the supernet's training seed).");
        sb.AppendLine();
        sb.AppendLine("| arm | seeds | epochs | supernet s | supernet images | teacher s | rating s | τ | τ interval | ρ | τ in cost bins | reliability | seeds agree | top-10 % | top-5 % | BR/WR@5 % | found | MAdds | test accuracy % | controls % | percentile | peak RSS MB |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            sb.AppendLine(Inv, $"| {r.Arm} | {r.Seeds} | {r.Epochs} | {r.SupernetSeconds:F0} | {r.SupernetImages:N0} | {(r.TeacherSeconds > 0 ? r.TeacherSeconds.ToString("F0", Inv) : "–")} | {r.RatingSeconds:F1} | {F(r.Tau, "F3")} | " +
                               $"{Range(r.TauLow, r.TauHigh)} | {F(r.Rho, "F3")} | {F(r.WithinCostTau, "F3")} | {F(r.Reliability, "F3")} | {F(r.SeedAgreement, "F3")} | {F(r.TopTen, "F2")} | {F(r.TopFive, "F2")} | " +
                               $"{(r.BestRank is { } br && r.WorstRank is { } wr ? string.Create(Inv, $"{br:0.#}/{wr:0.#}") : "–")} | `{Reports.ReportWriter.Escape(r.Architectures)}` | {Cost.Human(r.MAdds)} | {PlusMinus(r.AccuracyMean, r.AccuracyStd)} | " +
                               $"{PlusMinus(r.ControlMean, r.ControlStd)} | {F(r.Percentile, "F0")} | {r.PeakRssMb:F0} |");
        CostTable(sb, results);
        if (benchmark is not null && BenchmarkBaselines.Compute(benchmark) is { Count: > 0 } baselines)
        {
            sb.AppendLine();
            sb.AppendLine("References from the benchmark itself: its architectures ranked by a cost alone (no supernet), and its second " +
                          "seed against its first (how well one more training of each architecture would agree).");
            sb.AppendLine();
            sb.AppendLine("| reference | architectures | τ | ρ | τ in cost bins | top-10 % |");
            sb.AppendLine("|---|---|---|---|---|---|");
            foreach (var b in baselines)
                sb.AppendLine(Inv, $"| {b.Name} | {b.N} | {b.Tau:F3} | {b.Rho:F3} | {F(b.WithinCostTau, "F3")} | {b.TopTen:F2} |");
        }
        plots.AddRange(CompareFrontsReport.Write(sb, config.Folder, truths, fronts));
        sb.AppendLine();
        foreach (var p in plots) sb.AppendLine(Inv, $"![{Path.GetFileNameWithoutExtension(p)}]({Path.GetFileName(p)})");
        return sb.ToString();
    }

    /// <summary>The cost metrics of the found architectures other than MAdds (which has its own column), in first-seen order.</summary>
    private static List<string> OtherCosts(IReadOnlyList<ArmResult> results) =>
        results.SelectMany(r => r.Costs?.Keys ?? []).Where(n => n != Core.Costs.CostMetricNames.MAdds).Distinct().ToList();

    private static string Csv(IReadOnlyList<ArmResult> results)
    {
        // Every cost metric an arm recorded besides MAdds follows the columns this file always had.
        var others = OtherCosts(results);
        var sb = new StringBuilder("arm,seed,architecture,madds,test_accuracy,controls,supernet_seconds,supernet_images,rating_seconds," +
                                   "kendall_tau,spearman_rho,pearson_r,top10_precision,peak_rss_mb,teacher_seconds,run_folder,budget_scale,epochs,within_cost_tau,reliability," +
                                   "top5_precision,best_rank_top5,worst_rank_top5,kendall_tau_low,kendall_tau_high" + string.Concat(others.Select(n => "," + n)) + "\n");
        foreach (var r in results)
        {
            sb.Append(Inv, $"{r.Arm},{r.Seed},{r.Architecture},{r.MAdds:F0},{r.TestAccuracy:R},{string.Join(';', r.ControlAccuracies.Select(c => c.ToString("R", Inv)))}," +
                           $"{r.SupernetSeconds:F1},{r.SupernetImages},{r.RatingSeconds:F1},{r.Benchmark?.KendallTauB:R},{r.Benchmark?.SpearmanRho:R}," +
                           $"{r.Benchmark?.PearsonR:R},{r.Benchmark?.TopTenPrecision:R},{r.PeakRssMb:F0},{r.TeacherSeconds:F1},{r.Folder}," +
                           $"{r.BudgetScale:R},{r.Epochs},{r.Benchmark?.WithinCostTau:R},{r.Benchmark?.Reliability:R}," +
                           $"{r.Benchmark?.TopFivePrecision:R},{r.Benchmark?.TopFive?.Best},{r.Benchmark?.TopFive?.Worst},{r.Benchmark?.TauLow:R},{r.Benchmark?.TauHigh:R}");
            foreach (var n in others) sb.Append(Inv, $",{(r.Costs is { } c && c.TryGetValue(n, out var v) ? v.ToString("R", Inv) : "")}");
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The found architectures' cost metrics, one row per arm run (every metric any arm recorded).</summary>
    private static void CostTable(StringBuilder sb, IReadOnlyList<ArmResult> results)
    {
        var names = results.SelectMany(r => r.Costs?.Keys ?? []).Distinct().ToList();
        if (names.Count == 0) return;
        sb.AppendLine();
        sb.AppendLine("Cost metrics of the found architectures (each arm's `[pipeline] cost_metrics`; — where an arm did not record one):");
        sb.AppendLine();
        sb.AppendLine("| arm | seed | found | " + string.Join(" | ", names) + " |");
        sb.AppendLine("|---|---|---|" + string.Concat(names.Select(_ => "---|")));
        foreach (var r in results)
        {
            var cells = string.Join(" | ", names.Select(n => r.Costs is { } c && c.TryGetValue(n, out var v)
                ? (Math.Abs(v) >= 1e3 ? Cost.Human(v) : v.ToString("G4", Inv)) : "—"));
            sb.AppendLine(Inv, $"| {r.Arm} | {r.Seed} | `{Reports.ReportWriter.Escape(r.Architecture)}` | {cells} |");
        }
    }

    private static string F(double? x, string format) => x is { } v ? v.ToString(format, Inv) : "–";

    private static string Range(double? low, double? high) =>
        low is { } l && high is { } h ? string.Create(Inv, $"{l:F2} to {h:F2}") : "–";

    private static string PlusMinus(double? mean, double? std) => mean is { } m ? string.Create(Inv, $"{m:F2} ± {std ?? 0:F2}") : "–";

}
