using System.Text;
using System.Text.Json;
using BossNas.Core.Reporting;
using BossNas.Engine.Runs;

namespace BossNas.Engine.Reports;

/// <summary>
/// The engine's <see cref="IReportSection"/>: what a component that contributes to <c>report.md</c> reads (the run's
/// metrics records) and writes (Markdown, plots in the run folder).
/// </summary>
internal sealed class ComponentSection(RunFolder folder, bool plots, StringBuilder markdown) : IReportSection
{
    /// <inheritdoc />
    public IReadOnlyList<JsonElement> Records(string kind) =>
        File.Exists(folder.File("metrics.jsonl")) ? MetricsWriter.Read(folder.File("metrics.jsonl"), kind) : [];

    /// <inheritdoc />
    public bool Plots => plots;

    /// <inheritdoc />
    public void Markdown(string text) => markdown.Append(text);

    /// <inheritdoc />
    public string LinePlot(string file, string title, string xLabel, string yLabel, IReadOnlyList<PlotSeries> series, bool integerX = false)
    {
        if (!plots) return "";
        if (Path.GetFileName(file) != file || !file.EndsWith(".png", StringComparison.Ordinal))
            throw new ArgumentException($"a plot is a PNG file name in the run folder, not '{file}'", nameof(file));
        var png = Reports.Plots.Lines(folder, file, title, xLabel, yLabel, series, integerX);
        return $"![{title}]({Path.GetFileName(png)})";
    }

    /// <summary>Every selected component of the run that contributes a report section, in role order.</summary>
    public static IReadOnlyList<IReportContributor> Contributors(ComponentSet components) =>
        new object?[] { components.Space, components.StrategyOrNull, components.EvaluatorOrNull, components.SearcherOrNull }
            .OfType<IReportContributor>().ToList();
}
