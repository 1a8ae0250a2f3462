using System.Globalization;
using System.Text;
using BossNas.Core.Evaluation;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Correlation;
using BossNas.Engine.Runs;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// Writes ratings to the run folder. A block's ratings: <c>ratings/ratings_block{b}.csv</c> (path, score, and one
/// column per configured cost metric, by default <c>madds,params</c>, of the prefix + path + cheapest completion; best
/// first) and, for lower-is-better scores, BossNAS's <c>ratings/path_rank/path_rank_{b}.yml</c>, which
/// <c>bossnas correlate</c> and BossNAS's own scripts read. Whole architectures: <c>ratings/architectures.csv</c>
/// (architecture, score, the cost metrics; best first). Every rating is also one <c>rating</c> record in
/// <c>metrics.jsonl</c>, with every cost metric.
/// </summary>
internal static class RatingRecorder
{
    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Writes a block's rating files and one metrics record per candidate.</summary>
    public static void RecordBlock(RunFolder folder, MetricsWriter metrics, int block, IReadOnlyList<Rating> ratings, bool lowerIsBetter,
        IReadOnlyList<string> costNames)
    {
        if (ratings.Count == 0) return;
        var ordered = (lowerIsBetter ? ratings.OrderBy(r => r.Score) : ratings.OrderByDescending(r => r.Score)).ToList();
        var csv = new StringBuilder(Header("path", costNames));
        foreach (var r in ordered)
        {
            double? Cost(string name) => r.Costs is { } c && c.TryGetValue(name, out var v) ? v : null;
            csv.Append(CultureInfo.InvariantCulture, $"{r.Path},{Num(r.Score)}{Cells(costNames.Select(Cost))}\n");
            var record = new Dictionary<string, object?> { ["block"] = block, ["path"] = r.Path!.ToString(), ["score"] = r.Score };
            foreach (var name in costNames) record[name] = Cost(name);
            metrics.Write("rating", record);
        }
        var dir = folder.Sub("ratings");
        File.WriteAllText(Path.Combine(dir, $"ratings_block{block}.csv"), csv.ToString());
        if (lowerIsBetter)
        {
            var yml = Directory.CreateDirectory(Path.Combine(dir, "path_rank")).FullName;
            PathRankFile.Write(Path.Combine(yml, $"path_rank_{block}.yml"), ordered.Select(r => (r.Path!.ToString(), r.Score)));
        }
    }

    /// <summary>Writes one metrics record per fresh rating and rewrites <c>ratings/architectures.csv</c> from all of them.</summary>
    public static void RecordArchitectures(RunFolder folder, MetricsWriter metrics, IEnumerable<ArchitectureRatingRecord> fresh,
        IReadOnlyList<ArchitectureRatingRecord> all, bool lowerIsBetter, IReadOnlyList<string> costNames)
    {
        foreach (var r in fresh)
        {
            var record = new Dictionary<string, object?> { ["architecture"] = r.Architecture, ["score"] = r.Score };
            foreach (var name in costNames) record[name] = r.Value(name);
            metrics.Write("rating", record);
        }
        var ordered = lowerIsBetter ? all.OrderBy(r => r.Score) : all.OrderByDescending(r => r.Score);
        CheckpointStore.ReplaceAtomically(Path.Combine(folder.Sub("ratings"), "architectures.csv"), Table(ordered, costNames));
    }

    /// <summary>
    /// A table of whole architectures: <c>architecture,score,</c> then one column per cost metric, one row per record in
    /// the given order (a metric a record lacks is an empty cell).
    /// </summary>
    public static string Table(IEnumerable<ArchitectureRatingRecord> records, IReadOnlyList<string> costNames)
    {
        var csv = new StringBuilder(Header("architecture", costNames));
        foreach (var r in records)
            csv.Append(CultureInfo.InvariantCulture, $"{r.Architecture},{Num(r.Score)}{Cells(costNames.Select(r.Value))}\n");
        return csv.ToString();
    }

    private static string Header(string first, IReadOnlyList<string> costNames) => $"{first},score{Cells(costNames)}\n";

    private static string Cells(IEnumerable<string> cells) => string.Concat(cells.Select(c => "," + c));

    private static string Cells(IEnumerable<double?> values) => Cells(values.Select(v => v is { } x ? Num(x) : ""));

    /// <summary>Reads a block's ratings back (path, score, MAdds when known), best first, for the report.</summary>
    public static List<(string Path, double Score, double? MAdds)> Read(RunFolder folder, int block)
    {
        var file = Path.Combine(folder.Path, "ratings", $"ratings_block{block}.csv");
        if (!File.Exists(file)) return new();
        var lines = File.ReadLines(file).ToList();
        int madds = Array.IndexOf(lines[0].Split(','), Core.Costs.CostMetricNames.MAdds);
        return lines.Skip(1).Select(l => l.Split(','))
            .Select(p => (p[0], double.Parse(p[1], CultureInfo.InvariantCulture),
                madds > 0 && p.Length > madds && p[madds].Length > 0 ? double.Parse(p[madds], CultureInfo.InvariantCulture) : (double?)null)).ToList();
    }
}
