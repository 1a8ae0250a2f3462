using System.Text.Json;

namespace BossNas.Core.Reporting;

/// <summary>What a <see cref="IReportContributor"/> writes its part of <c>report.md</c> with (the engine implements it).</summary>
public interface IReportSection
{
    /// <summary>This run's metrics records of <paramref name="kind"/>, in the order they were written.</summary>
    IReadOnlyList<JsonElement> Records(string kind);

    /// <summary>Whether the run's config asks for plots (<c>[report] plots</c>).</summary>
    bool Plots { get; }

    /// <summary>Appends Markdown to the report (a section starts with <c>## </c>).</summary>
    void Markdown(string text);

    /// <summary>
    /// Draws a line plot into the run folder as <paramref name="file"/> (a PNG) and returns the Markdown that shows it;
    /// empty when the config asks for no plots.
    /// </summary>
    string LinePlot(string file, string title, string xLabel, string yLabel, IReadOnlyList<PlotSeries> series, bool integerX = false);
}

/// <summary>One line of a plot: its legend label and points.</summary>
public sealed record PlotSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y);
