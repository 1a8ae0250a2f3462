using System.Globalization;
using System.Text;
using BossNas.Core.Evaluation;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Correlation;
using BossNas.Engine.Runs;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// Writes ratings to the run folder. A block's ratings: <c>ratings/ratings_block{b}.csv</c> (path, score, and the MAdds
/// and params of the prefix + path + cheapest completion; best first) and, for lower-is-better scores, BossNAS's
/// <c>ratings/path_rank/path_rank_{b}.yml</c>, which <c>bossnas correlate</c> and BossNAS's own scripts read.
/// Whole architectures: <c>ratings/architectures.csv</c> (architecture, score, madds, params; best first).
/// Every rating is also one <c>rating</c> record in <c>metrics.jsonl</c>.
/// </summary>
internal static class RatingRecorder
{
    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Writes a block's rating files and one metrics record per candidate.</summary>
    public static void RecordBlock(RunFolder folder, MetricsWriter metrics, int block, IReadOnlyList<Rating> ratings, bool lowerIsBetter)
    {
        if (ratings.Count == 0) return;
        var ordered = (lowerIsBetter ? ratings.OrderBy(r => r.Score) : ratings.OrderByDescending(r => r.Score)).ToList();
        var csv = new StringBuilder("path,score,madds,params\n");
        foreach (var r in ordered)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{r.Path},{Num(r.Score)},{(r.Cost is { } c ? Num(c.MAdds) : "")},{r.Cost?.Params.ToString(CultureInfo.InvariantCulture) ?? ""}\n");
            metrics.Write("rating", new Dictionary<string, object?>
            {
                ["block"] = block, ["path"] = r.Path!.ToString(), ["score"] = r.Score,
                ["madds"] = r.Cost?.MAdds, ["params"] = r.Cost?.Params,
            });
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
        IReadOnlyList<ArchitectureRatingRecord> all, bool lowerIsBetter)
    {
        foreach (var r in fresh)
            metrics.Write("rating", new Dictionary<string, object?>
            {
                ["architecture"] = r.Architecture, ["score"] = r.Score, ["madds"] = r.MAdds, ["params"] = r.Params,
            });
        var ordered = lowerIsBetter ? all.OrderBy(r => r.Score) : all.OrderByDescending(r => r.Score);
        var csv = new StringBuilder("architecture,score,madds,params\n");
        foreach (var r in ordered)
            csv.Append(CultureInfo.InvariantCulture, $"{r.Architecture},{Num(r.Score)},{Num(r.MAdds)},{r.Params}\n");
        CheckpointStore.ReplaceAtomically(Path.Combine(folder.Sub("ratings"), "architectures.csv"), csv.ToString());
    }

    /// <summary>Reads a block's ratings back (path, score, MAdds when known), best first, for the report.</summary>
    public static List<(string Path, double Score, double? MAdds)> Read(RunFolder folder, int block)
    {
        var file = Path.Combine(folder.Path, "ratings", $"ratings_block{block}.csv");
        if (!File.Exists(file)) return new();
        return File.ReadLines(file).Skip(1).Select(l => l.Split(','))
            .Select(p => (p[0], double.Parse(p[1], CultureInfo.InvariantCulture),
                p.Length > 2 && p[2].Length > 0 ? double.Parse(p[2], CultureInfo.InvariantCulture) : (double?)null)).ToList();
    }
}
