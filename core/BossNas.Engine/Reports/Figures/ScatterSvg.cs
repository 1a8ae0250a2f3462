using System.Globalization;
using System.Net;
using System.Text;

namespace BossNas.Engine.Reports.Figures;

/// <summary>
/// A <see cref="ScatterFigure"/> as a standalone SVG: axes with round ticks, a legend, and one element per point whose
/// <c>&lt;title&gt;</c> the browser shows on hover (no script). Inline in <c>report.html</c>, it is what lets a reader
/// name the architecture behind a point, which a PNG cannot.
/// </summary>
public static class ScatterSvg
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const double Left = 78, Right = 20, Top = 40, Bottom = 56;

    /// <summary>SVG's XML namespace, which a standalone file needs and an inline figure does not.</summary>
    public const string Namespace = "http://www.w3.org/2000/svg";

    /// <summary>The class of the root element, by which <c>report.html</c> knows an SVG of ours.</summary>
    public const string RootClass = "scatter-figure";

    /// <summary>The SVG document of <paramref name="figure"/> drawn in <paramref name="width"/> × <paramref name="height"/> px.</summary>
    public static string Render(ScatterFigure figure, int width, int height)
    {
        var all = figure.Series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        var (x0, x1, xTicks) = Axis(all.Select(p => p.X));
        var (y0, y1, yTicks) = Axis(all.Select(p => p.Y));
        double plotW = width - Left - Right, plotH = height - Top - Bottom;
        double X(double v) => Left + (v - x0) / (x1 - x0) * plotW;
        double Y(double v) => Top + plotH - (v - y0) / (y1 - y0) * plotH;

        var sb = new StringBuilder();
        sb.Append(Inv, $"<svg xmlns=\"{Namespace}\" class=\"{RootClass}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" ")
          .Append("font-family=\"sans-serif\" font-size=\"12\" role=\"img\">");
        sb.Append("<style>.pt:hover{stroke:#000;stroke-width:2}.pt{cursor:crosshair}</style>");
        sb.Append("<title>").Append(Text(figure.Title)).Append("</title>");
        sb.Append(Inv, $"<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" fill=\"#fff\"/>");
        sb.Append(Inv, $"<text x=\"{width / 2.0:F1}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">{Text(figure.Title)}</text>");
        foreach (var t in xTicks)
            sb.Append(Inv, $"<line x1=\"{X(t):F1}\" y1=\"{Top}\" x2=\"{X(t):F1}\" y2=\"{Top + plotH}\" stroke=\"#eee\"/>")
              .Append(Inv, $"<text x=\"{X(t):F1}\" y=\"{Top + plotH + 16}\" text-anchor=\"middle\">{Tick(t, xTicks)}</text>");
        foreach (var t in yTicks)
            sb.Append(Inv, $"<line x1=\"{Left}\" y1=\"{Y(t):F1}\" x2=\"{Left + plotW}\" y2=\"{Y(t):F1}\" stroke=\"#eee\"/>")
              .Append(Inv, $"<text x=\"{Left - 6}\" y=\"{Y(t) + 4:F1}\" text-anchor=\"end\">{Tick(t, yTicks)}</text>");
        sb.Append(Inv, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#444\"/>");
        sb.Append(Inv, $"<text x=\"{Left + plotW / 2:F1}\" y=\"{height - 12}\" text-anchor=\"middle\">{Text(figure.XLabel)}</text>");
        sb.Append(Inv, $"<text transform=\"translate(16 {Top + plotH / 2:F1}) rotate(-90)\" text-anchor=\"middle\">{Text(figure.YLabel)}</text>");

        var colours = figure.Colours();
        for (int i = 0; i < figure.Series.Count; i++)
        {
            var s = figure.Series[i];
            var points = s.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
            sb.Append("<g class=\"series\" data-label=\"").Append(Text(s.Label)).Append("\">");
            if (s.Marker == ScatterMarker.Line && points.Count > 1)
                sb.Append("<polyline fill=\"none\" stroke=\"").Append(colours[i]).Append("\" stroke-width=\"1.5\" points=\"")
                  .AppendJoin(' ', points.Select(p => string.Create(Inv, $"{X(p.X):F1},{Y(p.Y):F1}"))).Append("\"/>");
            foreach (var p in points) Point(sb, s, colours[i], X(p.X), Y(p.Y), p.Tip);
            sb.Append("</g>");
        }
        Legend(sb, figure, colours, Left + plotW - 8);
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static void Point(StringBuilder sb, ScatterSeries s, string colour, double x, double y, string tip)
    {
        double r = s.Marker == ScatterMarker.Line ? 2.5 : s.Size / 2;
        var title = $"<title>{Text(tip)}</title>";
        switch (s.Marker)
        {
            case ScatterMarker.Cross:
                sb.Append(Inv, $"<path class=\"pt\" d=\"M{x - r:F1},{y - r:F1}L{x + r:F1},{y + r:F1}M{x - r:F1},{y + r:F1}L{x + r:F1},{y - r:F1}\" stroke=\"{colour}\" stroke-width=\"2\">{title}</path>");
                break;
            case ScatterMarker.Ring:
                sb.Append(Inv, $"<circle class=\"pt\" cx=\"{x:F1}\" cy=\"{y:F1}\" r=\"{r:F1}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\">{title}</circle>");
                break;
            default:
                sb.Append(Inv, $"<circle class=\"pt\" cx=\"{x:F1}\" cy=\"{y:F1}\" r=\"{r:F1}\" fill=\"{colour}\">{title}</circle>");
                break;
        }
    }

    private static void Legend(StringBuilder sb, ScatterFigure figure, IReadOnlyList<string> colours, double right)
    {
        if (figure.Series.Count < 2) return;
        double width = 24 + figure.Series.Max(s => s.Label.Length) * 6.6, y = Top + 8;
        sb.Append(Inv, $"<g class=\"legend\"><rect x=\"{right - width:F1}\" y=\"{y:F1}\" width=\"{width:F1}\" height=\"{figure.Series.Count * 18 + 6}\" fill=\"#fff\" fill-opacity=\"0.85\" stroke=\"#999\"/>");
        for (int i = 0; i < figure.Series.Count; i++)
        {
            double cy = y + 14 + i * 18;
            sb.Append(Inv, $"<circle cx=\"{right - width + 12:F1}\" cy=\"{cy - 4:F1}\" r=\"4\" fill=\"{colours[i]}\"/>")
              .Append(Inv, $"<text x=\"{right - width + 22:F1}\" y=\"{cy:F1}\">{Text(figure.Series[i].Label)}</text>");
        }
        sb.Append("</g>");
    }

    // The axis' range, padded by 5 %, and round ticks inside it (steps of 1, 2 or 5 × 10^k, about six of them).
    internal static (double Min, double Max, IReadOnlyList<double> Ticks) Axis(IEnumerable<double> values)
    {
        var list = values.ToList();
        double min = list.Count == 0 ? 0 : list.Min(), max = list.Count == 0 ? 1 : list.Max();
        if (max - min < 1e-12 * Math.Max(1, Math.Abs(max))) { double half = max != 0 ? Math.Abs(max) * 0.05 : 0.5; min -= half; max += half; }
        double pad = (max - min) * 0.05;
        min -= pad;
        max += pad;
        double raw = (max - min) / 6, magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw))), step = magnitude;
        foreach (var m in new[] { 1.0, 2.0, 5.0, 10.0 })
            if (m * magnitude >= raw) { step = m * magnitude; break; }
        // Rounded to the step's decimals, so 3 × 0.1 is the 0.3 a reader expects.
        int decimals = Math.Clamp(1 - (int)Math.Floor(Math.Log10(step)), 0, 15);
        var ticks = new List<double>();
        for (double k = Math.Ceiling(min / step); k * step <= max + step * 1e-9; k++)
            ticks.Add(Math.Round(k * step, decimals) + 0.0);
        return (min, max, ticks);
    }

    // A tick's label: large values with the K / M / B suffix the report's cost columns use, others in few digits.
    private static string Tick(double value, IReadOnlyList<double> ticks)
    {
        double top = ticks.Count == 0 ? 0 : ticks.Max(Math.Abs);
        var (divisor, suffix) = top switch { >= 1e9 => (1e9, "B"), >= 1e6 => (1e6, "M"), >= 1e4 => (1e3, "K"), _ => (1.0, "") };
        return (value / divisor).ToString("G6", Inv) + suffix;
    }

    private static string Text(string s) => WebUtility.HtmlEncode(s);
}
