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
public static class ReportWriter
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
        foreach (var kind in Enum.GetValues<ComponentKind>()) sb.AppendLine(inv, $"| {kind.Section()} | `{c[kind].Plugin}` |");
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
            sb.AppendLine("| rank | path | score |");
            sb.AppendLine("|---|---|---|");
            foreach (var (r, i) in ratings.Take(c.Report.TopK).Select((r, i) => (r, i)))
                sb.AppendLine(inv, $"| {i + 1} | `{r.Path}`{(r.Path == chosen ? " ◀" : "")} | {r.Score:F6} |");
            sb.AppendLine();
            if (c.Report.Plots)
            {
                var png = Plots.RatingHistogram(s.Folder, b, ratings, chosen);
                sb.AppendLine(inv, $"![block {b} ratings]({Path.GetFileName(png)})");
                sb.AppendLine();
            }
        }

        sb.AppendLine("## Retraining from scratch");
        sb.AppendLine();
        if (s.State.Results.Count == 0) sb.AppendLine("Not run (`[retrain] enabled = false`).");
        else
        {
            sb.AppendLine("| architecture | encoding | MAdds | params | test accuracy |");
            sb.AppendLine("|---|---|---|---|---|");
            Row(sb, s, "found", s.State.Architecture, "retrain");
            Row(sb, s, "random control", s.State.ControlArchitecture, "control");
            sb.AppendLine();
            sb.AppendLine(inv, $"Both trained {c.Retrain.Epochs} epoch(s) with {c.Retrain.Optimizer} lr {c.Retrain.Lr}, same seed; " +
                               $"the control is a random architecture of similar MAdds (tolerance {c.Retrain.ControlTolerance:P0}).");
            if (s.State.Results.TryGetValue("retrain", out var found) && s.State.Results.TryGetValue("control", out var control))
                sb.AppendLine(inv, $"Difference found − control: {(found - control) * 100:+0.00;-0.00} points.");
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

    private static void Row(StringBuilder sb, RunSession s, string label, string? arch, string key)
    {
        if (arch is null) return;
        var a = Architecture.Parse(arch);
        var cost = s.Components.Space.Cost(a, s.Input);
        var acc = s.State.Results.TryGetValue(key, out var v) ? v.ToString("P2", CultureInfo.InvariantCulture) : "—";
        sb.AppendLine(CultureInfo.InvariantCulture, $"| {label} | `{a.ToString().Replace("|", "\\|", StringComparison.Ordinal)}` | {Cost.Human(cost.MAdds)} | {Cost.Human(cost.Params)} | {acc} |");
    }
}
