namespace BossNas.Engine.Reports.Figures;

/// <summary>A <see cref="ScatterFigure"/> as a PNG, drawn with ScottPlot.</summary>
internal static class ScatterPng
{
    public static void Save(ScatterFigure figure, string path, int width, int height)
    {
        var plot = new ScottPlot.Plot();
        var colours = figure.Colours();
        for (int i = 0; i < figure.Series.Count; i++)
        {
            var s = figure.Series[i];
            var xs = s.Points.Select(p => p.X).ToArray();
            var ys = s.Points.Select(p => p.Y).ToArray();
            var scatter = s.Marker == ScatterMarker.Line ? plot.Add.ScatterLine(xs, ys) : plot.Add.ScatterPoints(xs, ys);
            scatter.Color = ScottPlot.Color.FromHex(colours[i]);
            scatter.MarkerSize = s.Size;
            scatter.MarkerShape = s.Marker switch
            {
                ScatterMarker.Ring => ScottPlot.MarkerShape.OpenCircle,
                ScatterMarker.Cross => ScottPlot.MarkerShape.Cross,
                _ => ScottPlot.MarkerShape.FilledCircle,
            };
            scatter.LegendText = s.Label;
        }
        plot.Title(figure.Title);
        plot.XLabel(figure.XLabel);
        plot.YLabel(figure.YLabel);
        if (figure.Series.Count > 1) plot.ShowLegend();
        plot.SavePng(path, width, height);
    }
}
