using System.Globalization;
using System.Text;
using System.Text.Json;
using BossNas.Core.Reporting;

namespace BossNas.Plugins.Searchers;

/// <summary>
/// The evolutionary search's part of the report, from its <c>generation</c> records: a table of each generation's rated
/// count, best and mean fitness and the elitist top-k's best, a plot of the three, and the TensorBoard scalars
/// <c>search/best</c> and <c>search/mean</c> per generation.
/// </summary>
internal static class GenerationReport
{
    /// <summary>The metrics record kind of one generation.</summary>
    public const string Kind = "generation";

    private sealed record Generation(int Index, int Rated, double Best, double Mean, double TopKBest);

    /// <summary>Writes the section; nothing when the search recorded no generation.</summary>
    public static void Write(IReportSection report)
    {
        var records = report.Records(Kind)
            .Where(e => e.TryGetProperty("generation", out var g) && g.ValueKind == JsonValueKind.Number)
            .Select(e => new Generation(e.GetProperty("generation").GetInt32(),
                e.TryGetProperty("rated", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt32() : 0,
                Number(e, "best"), Number(e, "mean"), Number(e, "top_k_best")))
            .GroupBy(r => r.Index).Select(g => g.Last()).OrderBy(r => r.Index).ToList(); // a resumed run may repeat one
        if (records.Count == 0) return;
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"## Search: {records.Count} generations");
        sb.AppendLine();
        sb.AppendLine("| generation | rated | best | mean | top-k best |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var r in records) sb.AppendLine(inv, $"| {r.Index} | {r.Rated} | {r.Best:F6} | {r.Mean:F6} | {r.TopKBest:F6} |");
        sb.AppendLine();
        var xs = records.Select(r => (double)r.Index).ToList();
        var plot = report.LinePlot("generations.png", "Search fitness per generation", "generation", "fitness (evaluator score)",
        [
            new PlotSeries("best of generation", xs, records.Select(r => r.Best).ToList()),
            new PlotSeries("mean of generation", xs, records.Select(r => r.Mean).ToList()),
            new PlotSeries("best so far (top-k)", xs, records.Select(r => r.TopKBest).ToList()),
        ], integerX: true);
        if (plot.Length > 0) sb.AppendLine(plot).AppendLine();
        report.Markdown(sb.ToString());
    }

    /// <summary>The scalars of a <c>generation</c> record.</summary>
    public static IEnumerable<ReportScalar> Scalars(string kind, IReadOnlyDictionary<string, object?> fields)
    {
        if (kind != Kind || fields.GetValueOrDefault("generation") is not int generation) yield break;
        if (fields.GetValueOrDefault("best") is double best && double.IsFinite(best)) yield return new("search/best", best, generation);
        if (fields.GetValueOrDefault("mean") is double mean && double.IsFinite(mean)) yield return new("search/mean", mean, generation);
    }

    private static double Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;
}
