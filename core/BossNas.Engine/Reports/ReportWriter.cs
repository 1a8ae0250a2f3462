using System.Text;
using BossNas.Engine.Pipeline;
using NLog;

namespace BossNas.Engine.Reports;

/// <summary>
/// <c>report.md</c>: what was run, what was found and what it is worth, one section after the other: the run and its
/// components, the found architecture, the ratings (per block, their reliability, whole architectures), the Pareto front of what the search rated, the sections the
/// components contribute (<see cref="Core.Reporting.IReportContributor"/>), agreement with a ground-truth benchmark, test
/// accuracy against the random controls, time per phase with the loss plots. <c>report.html</c> beside it is rendered
/// from it (<see cref="HtmlReport"/>).
/// </summary>
internal static class ReportWriter
{
    private static readonly Logger Log = LogManager.GetLogger(PhaseNames.Report);

    /// <summary>Writes the report (and its plots, and its HTML rendering) into the run folder; returns the Markdown's path.</summary>
    public static string Write(RunSession s)
    {
        var sb = new StringBuilder();
        RunSection.Write(sb, s);
        RatingSections.Blocks(sb, s);
        RatingSections.Reliability(sb, s);
        RatingSections.Architectures(sb, s);
        ParetoSection.Write(sb, s);
        var section = new ComponentSection(s.Folder, s.Config.Report.Plots, sb);
        foreach (var contributor in ComponentSection.Contributors(s.Components))
        {
            // A plugin's section must not cost the run its report: its failure becomes a note in its place.
            try
            {
                contributor.WriteReport(section);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Log.Warn(e, "The report section of {Component} failed", contributor.GetType().Name);
                sb.AppendLine().AppendLine($"_The report section of {contributor.GetType().Name} failed: {e.Message}_").AppendLine();
            }
        }
        RatingSections.Benchmark(sb, s);
        TestAccuracySection.Write(sb, s);
        FrontSection.Write(sb, s);
        TimeSection.Write(sb, s);
        var path = s.Folder.File("report.md");
        File.WriteAllText(path, sb.ToString());
        HtmlReport.WriteBeside(path);
        return path;
    }

    /// <summary>An architecture's text for a Markdown table cell.</summary>
    public static string Escape(string architecture) => architecture.Replace("|", "\\|", StringComparison.Ordinal);
}
