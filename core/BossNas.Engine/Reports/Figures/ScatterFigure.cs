namespace BossNas.Engine.Reports.Figures;

/// <summary>How a series of a <see cref="ScatterFigure"/> draws its points.</summary>
public enum ScatterMarker
{
    /// <summary>Filled circles.</summary>
    Dot,
    /// <summary>Open circles, for a point marked over others (the found architecture).</summary>
    Ring,
    /// <summary>Crosses.</summary>
    Cross,
    /// <summary>Small dots joined by a line in the given order.</summary>
    Line,
}

/// <summary>One point: its position and the text a reader sees on hovering it in <c>report.html</c>.</summary>
public readonly record struct ScatterPoint(double X, double Y, string Tip);

/// <summary>A labelled series; <paramref name="Colour"/> null takes the next colour of the palette.</summary>
public sealed record ScatterSeries(string Label, IReadOnlyList<ScatterPoint> Points, ScatterMarker Marker = ScatterMarker.Dot,
    float Size = 6, string? Colour = null);

/// <summary>
/// A scatter plot as data, drawn twice from the same points: a PNG for <c>report.md</c> (ScottPlot) and an SVG beside it
/// whose every point names its architecture and figures on hover, which <c>report.html</c> inlines in place of the PNG.
/// </summary>
public sealed record ScatterFigure(string Title, string XLabel, string YLabel, IReadOnlyList<ScatterSeries> Series)
{
    /// <summary>Light grey, for a background cloud (every rated architecture, the benchmark).</summary>
    public const string Grey = "#c8c8c8";

    /// <summary>The marked point's red.</summary>
    public const string Red = "#d62728";

    /// <summary>Black.</summary>
    public const string Black = "#000000";

    private static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"];

    /// <summary>Each series' colour: its own, or the palette's next.</summary>
    public IReadOnlyList<string> Colours()
    {
        int next = 0;
        return Series.Select(s => s.Colour ?? Palette[next++ % Palette.Length]).ToList();
    }

    /// <summary>Writes <paramref name="pngPath"/> and the SVG beside it (same name, <c>.svg</c>); returns the PNG's path.</summary>
    public string Save(string pngPath, int width, int height)
    {
        ScatterPng.Save(this, pngPath, width, height);
        File.WriteAllText(Path.ChangeExtension(pngPath, ".svg"), ScatterSvg.Render(this, width, height));
        return pngPath;
    }
}
