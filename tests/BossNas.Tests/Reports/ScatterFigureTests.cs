using System.Text.RegularExpressions;
using System.Xml.Linq;
using BossNas.Engine.Reports;
using BossNas.Engine.Reports.Figures;

namespace BossNas.Tests.Reports;

/// <summary>
/// A scatter plot drawn once as data: the PNG for <c>report.md</c> and the SVG that <c>report.html</c> inlines, whose
/// every point carries its own tip (architecture and figures) and sits where its values put it.
/// </summary>
public sealed class ScatterFigureTests
{
    private static ScatterFigure Figure() => new("Score against madds <of> every rated architecture", "madds (MAdds)", "score",
    [
        new ScatterSeries("rated (3)", [new(1e6, -3.0, "11|01: score -3"), new(2e6, -2.0, "11|11: score -2"), new(4e6, -1.0, "01|01 & <x>: score -1")],
            Size: 5, Colour: ScatterFigure.Grey),
        new ScatterSeries("found", [new(4e6, -1.0, "found 01|01")], ScatterMarker.Ring, 16, ScatterFigure.Red),
        new ScatterSeries("front", [new(1e6, -3.0, "a"), new(4e6, -1.0, "b")], ScatterMarker.Line),
    ]);

    [Fact]
    public void Ticks_are_round_steps_inside_the_padded_range()
    {
        // 0 … 10 padded by 5 % is -0.5 … 10.5; a sixth of it is 1.83, rounded up to the step 2.
        var (min, max, ticks) = ScatterSvg.Axis([0, 3, 10]);
        Assert.Equal(-0.5, min, 12);
        Assert.Equal(10.5, max, 12);
        Assert.Equal([0.0, 2, 4, 6, 8, 10], ticks);
        // One value: ± 5 % of it, padded (0.2835 … 0.3165), ticks a hundredth apart and 0.3 without binary noise.
        var (lo, hi, small) = ScatterSvg.Axis([0.3, 0.3]);
        Assert.Equal(0.2835, lo, 12);
        Assert.Equal(0.3165, hi, 12);
        Assert.Equal([0.29, 0.3, 0.31], small);
    }

    [Fact]
    public void Every_point_has_its_tip_and_lies_where_its_values_put_it()
    {
        var svg = XDocument.Parse(ScatterSvg.Render(Figure(), 800, 500));
        XNamespace ns = ScatterSvg.Namespace;
        var points = svg.Descendants().Where(e => (string?)e.Attribute("class") == "pt").ToList();
        Assert.Equal(6, points.Count);
        Assert.Equal(["11|01: score -3", "11|11: score -2", "01|01 & <x>: score -1", "found 01|01", "a", "b"],
            points.Select(p => p.Element(ns + "title")!.Value));
        // x grows with the value and y falls (SVG's y points down); the found ring sits on its rated point.
        var cx = points.Take(3).Select(p => double.Parse(p.Attribute("cx")!.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var cy = points.Take(3).Select(p => double.Parse(p.Attribute("cy")!.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(cx[0] < cx[1] && cx[1] < cx[2]);
        Assert.True(cy[0] > cy[1] && cy[1] > cy[2]);
        // Equal spacing in value is equal spacing on the page: 1M → 2M is a third of 1M → 4M.
        Assert.Equal((cx[2] - cx[0]) / 3, cx[1] - cx[0], 1);
        Assert.Equal(points[2].Attribute("cx")!.Value, points[3].Attribute("cx")!.Value);
        Assert.Equal("none", points[3].Attribute("fill")!.Value);
        Assert.Single(svg.Descendants(ns + "polyline"));
        Assert.Equal(3, svg.Descendants().Count(e => (string?)e.Attribute("class") == "series"));
        // Large values get the report's suffix on the ticks.
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "2M");
    }

    [Fact]
    public void The_html_report_inlines_the_figure_in_place_of_its_png()
    {
        using var temp = new TempFolder();
        Figure().Save(temp.File("pareto_madds.png"), 800, 500);
        Assert.True(File.Exists(temp.File("pareto_madds.svg")));
        File.WriteAllText(temp.File("report.md"), "# BossNas run report: tiny\n\n![score against madds](pareto_madds.png)\n");

        var html = File.ReadAllText(HtmlReport.WriteBeside(temp.File("report.md")));

        Assert.DoesNotMatch(@"https?://", html);
        Assert.DoesNotContain("<img", html);
        Assert.Equal(6, Regex.Matches(html, "class=\"pt\"").Count);
        Assert.Contains("01|01 &amp; &lt;x&gt;: score -1", html);
        Assert.DoesNotContain("score against madds", html); // the PNG's alt text is not left beside the figure
    }
}
