using System.Globalization;
using System.Text;
using BossNas.Core.Architectures;
using BossNas.Core.Evaluation;
using BossNas.Engine.Correlation;
using BossNas.Engine.Runs;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// Writes a block's ratings to the run folder: <c>ratings/ratings_block{b}.csv</c> (path, score, and the MAdds and
/// params of the prefix + path + cheapest completion; sorted best first) and, for lower-is-better scores, BossNAS's <c>ratings/path_rank/path_rank_{b}.yml</c>, which
/// <c>bossnas correlate</c> and BossNAS's own scripts read.
/// </summary>
public static class RatingRecorder
{
    /// <summary>Writes the files and one metrics record per candidate.</summary>
    public static void Record(RunFolder folder, MetricsWriter metrics, int block, IReadOnlyList<Rating> ratings, bool lowerIsBetter,
        BlockPath chosen)
    {
        if (ratings.Count == 0) return;
        var ordered = (lowerIsBetter ? ratings.OrderBy(r => r.Score) : ratings.OrderByDescending(r => r.Score)).ToList();
        var csv = new StringBuilder("path,score,madds,params\n");
        foreach (var r in ordered)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{r.Path},{r.Score.ToString("R", CultureInfo.InvariantCulture)},{r.Cost?.MAdds.ToString("R", CultureInfo.InvariantCulture) ?? ""},{r.Cost?.Params.ToString(CultureInfo.InvariantCulture) ?? ""}\n");
            metrics.Write("rating", new Dictionary<string, object?>
            {
                ["block"] = block, ["path"] = r.Path.ToString(), ["score"] = r.Score, ["chosen"] = r.Path.Equals(chosen),
            });
        }
        var dir = folder.Sub("ratings");
        File.WriteAllText(Path.Combine(dir, $"ratings_block{block}.csv"), csv.ToString());
        if (lowerIsBetter)
        {
            var yml = Directory.CreateDirectory(Path.Combine(dir, "path_rank")).FullName;
            PathRankFile.Write(Path.Combine(yml, $"path_rank_{block}.yml"), ordered.Select(r => (r.Path.ToString(), r.Score)));
        }
    }

    /// <summary>Reads a block's ratings back (path, score), best first, for the report.</summary>
    public static List<(string Path, double Score)> Read(RunFolder folder, int block)
    {
        var file = Path.Combine(folder.Path, "ratings", $"ratings_block{block}.csv");
        if (!File.Exists(file)) return new();
        return File.ReadLines(file).Skip(1).Select(l => l.Split(','))
            .Select(p => (p[0], double.Parse(p[1], CultureInfo.InvariantCulture))).ToList();
    }
}
