using System.Globalization;
using System.Text;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Engine.Pipeline;

namespace BossNas.Engine.Reports;

/// <summary>
/// <c>report.md</c>: what was run, what was found and what it is worth: config summary, the architecture and its
/// cost, the top ratings per block, test accuracy of the found architecture against the random control, time
/// per phase, and the plots.
/// </summary>
internal static class ReportWriter
{
    /// <summary>Writes the report (and its plots) into the run folder; returns its path.</summary>
    public static string Write(RunSession s)
    {
        var c = s.Config;
        var space = s.Components.Space;
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"# BossNas run report: {c.Run.Name}");
        sb.AppendLine();
        sb.AppendLine(inv, $"Run folder `{s.Folder.Path}`, config `{c.Source}` (hash `{s.State.ConfigHash[..12]}`), seed {c.Run.Seed}, device {s.Device}.");
        sb.AppendLine();
        sb.AppendLine("| component | plugin |");
        sb.AppendLine("|---|---|");
        foreach (var kind in ComponentKinds.Selected) sb.AppendLine(inv, $"| {kind.Section()} | `{c[kind].Plugin}` |");
        sb.AppendLine();
        sb.AppendLine(inv, $"Data: {s.Data.Source}: {s.Data.Train.Count} train, {s.Data.Val.Count} validation, {s.Data.Test.Count} test images, input {s.Input}.");
        sb.AppendLine(inv, $"Supernet training: {c.Train.Epochs} epoch(s) per stage, batch {c.Data.BatchSize}, {c.Train.Optimizer} lr {c.Train.Lr} ({c.Train.Schedule}).");
        sb.AppendLine();

        if (s.State.Architecture is { } archText)
        {
            var arch = Architecture.Parse(archText);
            sb.AppendLine("## Found architecture");
            sb.AppendLine();
            sb.AppendLine(inv, $"Encoding `{arch}` ({space.Cost(arch, s.Input)})");
            sb.AppendLine();
            sb.AppendLine("```");
            sb.AppendLine(space.Describe(arch));
            sb.AppendLine("```");
            sb.AppendLine();
        }

        sb.AppendLine("## Ratings per block");
        sb.AppendLine();
        var prefix = Architecture.Parse(s.State.Architecture ?? s.State.FixedPrefix);
        for (int b = 0; b < space.Blocks.Count; b++)
        {
            var ratings = RatingRecorder.Read(s.Folder, b);
            if (ratings.Count == 0) continue;
            var chosen = b < prefix.Blocks.Count ? prefix.Blocks[b].ToString() : "";
            sb.AppendLine(inv, $"### Block {b}: {ratings.Count} candidates (best first; chosen `{chosen}`)");
            sb.AppendLine();
            sb.AppendLine("| rank | path | score | MAdds (cheapest completion) |");
            sb.AppendLine("|---|---|---|---|");
            foreach (var (r, i) in ratings.Take(c.Report.TopK).Select((r, i) => (r, i)))
                sb.AppendLine(inv, $"| {i + 1} | `{r.Path}`{(r.Path == chosen ? " ◀" : "")} | {r.Score:F6} | {(r.MAdds is { } m ? Cost.Human(m) : "—")} |");
            sb.AppendLine();
            if (c.Report.Plots)
            {
                var png = Plots.RatingHistogram(s.Folder, b, ratings.Select(r => (r.Path, r.Score)).ToList(), chosen);
                sb.AppendLine(inv, $"![block {b} ratings]({Path.GetFileName(png)})");
                sb.AppendLine();
            }
        }

        Reliability(sb, s);

        if (s.State.ArchitectureRatings.Count > 0)
        {
            var rated = s.State.ArchitectureRatings;
            var best = (s.Components.Evaluator.LowerIsBetter ? rated.OrderBy(r => r.Score) : rated.OrderByDescending(r => r.Score)).ToList();
            sb.AppendLine(inv, $"## Rated architectures: {rated.Count} (best first)");
            sb.AppendLine();
            sb.AppendLine("| rank | architecture | score | MAdds | params |");
            sb.AppendLine("|---|---|---|---|---|");
            foreach (var (r, i) in best.Take(c.Report.TopK).Select((r, i) => (r, i)))
                sb.AppendLine(inv, $"| {i + 1} | `{Escape(r.Architecture)}` | {r.Score:F6} | {Cost.Human(r.MAdds)} | {Cost.Human(r.Params)} |");
            sb.AppendLine();
        }

        Generations(sb, s);
        if (s.State.Benchmark is { } agreement)
        {
            sb.AppendLine("## Ratings against the ground-truth benchmark");
            sb.AppendLine();
            sb.AppendLine(inv, $"The evaluator rated the {agreement.N} architectures of `{Escape(Path.GetFileName(Path.GetDirectoryName(s.Config.Pipeline.Benchmark) ?? ""))}` with the trained supernet in {agreement.Seconds:F1} s (`ratings/benchmark.csv`); signs in the evaluator's direction (+1: rating order = accuracy order).");
            sb.AppendLine();
            sb.AppendLine("| Kendall τ-b | Spearman ρ | Pearson r | top-10 % precision | τ within MAdds quartiles | τ between two rating passes |");
            sb.AppendLine("|---|---|---|---|---|---|");
            sb.AppendLine(inv, $"| {agreement.KendallTauB:F3} | {agreement.SpearmanRho:F3} | {agreement.PearsonR:F3} | {agreement.TopTenPrecision:F2} | " +
                               $"{Optional(agreement.WithinCostTau)} | {Optional(agreement.Reliability)} |");
            sb.AppendLine();
        }

        sb.AppendLine("## Test accuracy");
        sb.AppendLine();
        if (s.State.Results.Count == 0) sb.AppendLine("Not run (the pipeline has no retrain, inherit or control phase).");
        else
        {
            sb.AppendLine("| architecture | encoding | MAdds | params | test accuracy |");
            sb.AppendLine("|---|---|---|---|---|");
            if (File.Exists(s.Folder.File(TeacherState.Name + ".json")))
                Row(sb, s, "teacher", TrainedNetwork.Describe(s.Folder.Path, TeacherState.Name).Architecture, "teacher");
            Row(sb, s, "found", s.State.Architecture, "retrain");
            Row(sb, s, "found, inherited weights", s.State.Architecture, "inherit");
            for (int i = 0; i < s.State.ControlArchitectures.Count; i++)
                Row(sb, s, s.State.ControlArchitectures.Count == 1 ? "random control" : $"random control {i + 1}",
                    s.State.ControlArchitectures[i], ControlPhase.ResultKey(i));
            sb.AppendLine();
            if (s.State.Results.ContainsKey("teacher"))
                sb.AppendLine(inv, $"The teacher was {(c.Teacher.From.Length > 0 ? $"loaded from `{c.Teacher.From}`" : $"trained {c.Teacher.Epochs} epoch(s) with {c.Teacher.Optimizer} lr {c.Teacher.Lr}")}.");
            sb.AppendLine(ControlPhase.Inherits(s)
                ? string.Format(inv, "Tested with supernet weights after BN recalibration, no training; a control is a random architecture of " +
                                     "similar MAdds (tolerance {0:P0}) tested the same way.", c.Retrain.ControlTolerance)
                : string.Format(inv, "Retrained {0} epoch(s){4} with {1} lr {2}, same seed; a control is a random architecture of similar MAdds " +
                                     "(tolerance {3:P0}).", c.Retrain.Epochs, c.Retrain.Optimizer, c.Retrain.Lr, c.Retrain.ControlTolerance,
                    c.Retrain.MinSteps > 0 ? string.Format(inv, " (more where fewer than {0} steps)", c.Retrain.MinSteps) : ""));
            var controls = Enumerable.Range(0, s.State.ControlArchitectures.Count)
                .Select(i => s.State.Results.TryGetValue(ControlPhase.ResultKey(i), out var v) ? v : double.NaN).Where(double.IsFinite).ToList();
            if ((s.State.Results.TryGetValue("retrain", out var found) || (ControlPhase.Inherits(s) && s.State.Results.TryGetValue("inherit", out found)))
                && controls.Count > 0)
            {
                double mean = controls.Average();
                double std = controls.Count > 1 ? Math.Sqrt(controls.Sum(x => (x - mean) * (x - mean)) / (controls.Count - 1)) : 0;
                string line = controls.Count == 1
                    ? string.Format(inv, "Difference found − control: {0:+0.00;-0.00} points.", (found - mean) * 100)
                    : string.Format(inv, "Found {0:F2} % against controls {1:F2} ± {2:F2} % (mean ± std of {3}): {4:+0.00;-0.00} points.",
                        found * 100, mean * 100, std * 100, controls.Count, (found - mean) * 100);
                if (controls.Count > 1 && std > 0)
                    line += string.Format(inv, " The margin is {0:+0.0;-0.0} standard deviations of the controls.", (found - mean) / std);
                sb.AppendLine(line);
            }
        }
        sb.AppendLine();

        sb.AppendLine("## Time per phase");
        sb.AppendLine();
        sb.AppendLine("| phase | seconds |");
        sb.AppendLine("|---|---|");
        foreach (var (phase, seconds) in s.State.Seconds) sb.AppendLine(inv, $"| {phase} | {seconds:F1} |");
        sb.AppendLine();
        if (c.Report.Plots)
        {
            var supernet = Plots.LossCurves(s.Folder, "supernet", "loss_supernet.png");
            var retrain = Plots.LossCurves(s.Folder, null, "loss_retrain.png");
            sb.AppendLine(inv, $"![supernet loss]({Path.GetFileName(supernet)}) ![retraining loss]({Path.GetFileName(retrain)})");
            sb.AppendLine();
        }
        sb.AppendLine("Files: `metrics.jsonl` (every step, rating and test result), `ratings/` (CSV per block and BossNAS " +
                      "`path_rank_<b>.yml`), `architecture.json`, `log.txt`, `config.resolved.toml`.");
        var path = s.Folder.File("report.md");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    /// <summary>The searcher's <c>generation</c> records (evolution), as a table and a best/mean fitness plot.</summary>
    /// <summary>The reproducibility of each block's ratings, when <c>[pipeline] reliability</c> measured it.</summary>
    private static void Reliability(StringBuilder sb, RunSession s)
    {
        if (s.State.BlockReliability.Count == 0) return;
        var inv = CultureInfo.InvariantCulture;
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
            double sd = scores.Count > 1 ? Math.Sqrt(scores.Sum(x => (x - mean) * (x - mean)) / (scores.Count - 1)) : double.NaN;
            sb.AppendLine(inv, $"| {r.Block} | {r.Candidates} | {r.KendallTauB:F3} | {r.SpearmanRho:F3} | {sd:G3} |");
        }
        sb.AppendLine();
    }

    private static string Optional(double? value) => value is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "—";

    private static void Generations(StringBuilder sb, RunSession s)
    {
        var records = Plots.GenerationRecords(s.Folder);
        if (records.Count == 0) return;
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"## Search: {records.Count} generations");
        sb.AppendLine();
        sb.AppendLine("| generation | rated | best | mean | top-k best |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var r in records)
            sb.AppendLine(inv, $"| {r.Generation} | {r.Rated} | {r.Best:F6} | {r.Mean:F6} | {r.TopKBest:F6} |");
        sb.AppendLine();
        if (s.Config.Report.Plots)
        {
            var png = Plots.Generations(s.Folder, records);
            sb.AppendLine(inv, $"![fitness per generation]({Path.GetFileName(png)})");
            sb.AppendLine();
        }
    }

    private static string Escape(string architecture) => architecture.Replace("|", "\\|", StringComparison.Ordinal);

    private static void Row(StringBuilder sb, RunSession s, string label, string? arch, string key)
    {
        if (arch is null || !s.State.Results.ContainsKey(key)) return;
        var a = Architecture.Parse(arch);
        var cost = s.Components.Space.Cost(a, s.Input);
        var acc = s.State.Results.TryGetValue(key, out var v) ? v.ToString("P2", CultureInfo.InvariantCulture) : "—";
        sb.AppendLine(CultureInfo.InvariantCulture, $"| {label} | `{Escape(a.ToString())}` | {Cost.Human(cost.MAdds)} | {Cost.Human(cost.Params)} | {acc} |");
    }
}
