using System.Globalization;
using System.Text;
using BossNas.Engine.Pipeline;

namespace BossNas.Engine.Reports;

/// <summary>The report's tail: seconds per phase, the supernet and retraining loss plots, and what else the folder holds.</summary>
internal static class TimeSection
{
    public static void Write(StringBuilder sb, RunSession s)
    {
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine("## Time per phase");
        sb.AppendLine();
        sb.AppendLine("| phase | seconds |");
        sb.AppendLine("|---|---|");
        foreach (var (phase, seconds) in s.State.Seconds) sb.AppendLine(inv, $"| {phase} | {seconds:F1} |");
        sb.AppendLine();
        if (s.Config.Report.Plots)
        {
            var plots = new (string Title, string? File)[]
            {
                ("supernet loss", Plots.LossCurves(s.Folder, PhaseNames.Supernet, "loss_supernet.png")),
                ("retraining loss", Plots.LossCurves(s.Folder, null, "loss_retrain.png")),
            }.Where(p => p.File is not null).Select(p => $"![{p.Title}]({Path.GetFileName(p.File)})").ToList();
            if (plots.Count > 0)
            {
                sb.AppendLine(string.Join(' ', plots));
                sb.AppendLine();
            }
        }
        sb.AppendLine("Files: `metrics.jsonl` (every step, rating and test result), `ratings/` (CSV per block and BossNAS " +
                      "`path_rank_<b>.yml`), `architecture.json`, `log.txt`, `config.resolved.toml`.");
    }
}
