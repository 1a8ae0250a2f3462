using BossNas.Core.Architectures;
using BossNas.Core.Pareto;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Costs;
using BossNas.Engine.Runs;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// The search's trade-offs: the non-dominated front of every whole architecture the search rated, its score (in the
/// evaluator's direction) against each configured cost metric, written to <c>ratings/pareto.csv</c> (same columns as
/// <c>architectures.csv</c>, cheapest first by the first metric). A block-wise search that rated no whole architecture
/// contributes the candidates of its last block behind the found prefix: each of them is a whole architecture.
/// </summary>
internal static class ParetoFrontFile
{
    /// <summary>The file's name under <c>ratings/</c>.</summary>
    public const string Name = "pareto.csv";

    /// <summary>Everything the search rated as a whole architecture, with every configured metric.</summary>
    public static List<ArchitectureRatingRecord> Rated(RunSession s)
    {
        if (s.State.ArchitectureRatings.Count > 0) return s.State.ArchitectureRatings.ToList();
        var (space, metrics) = (s.Components.Space, s.Components.CostMetrics);
        int last = space.Blocks.Count - 1;
        if (last < 0 || s.State.Architecture is not { } found) return new();
        var prefix = Architecture.Parse(found).Prefix(last);
        return s.State.StageRatings.Where(r => r.Block == last && r.Prefix == prefix.ToString())
            .Select(r =>
            {
                var a = prefix.Append(BlockPath.Parse(r.Path));
                var cost = space.Cost(a, s.Input);
                return ArchitectureRatingRecord.Of(a.ToString(), r.Score, cost, metrics.Values(space, s.Input, a, cost));
            }).ToList();
    }

    /// <summary>The non-dominated records of <paramref name="rated"/>, cheapest first by the first metric, then by architecture.</summary>
    public static List<ArchitectureRatingRecord> Front(IReadOnlyList<ArchitectureRatingRecord> rated, bool scoreLowerIsBetter, CostMetricSet metrics)
    {
        var objectives = rated.Select(r => (IReadOnlyList<double>)Objectives.Of(r.Score, scoreLowerIsBetter,
            metrics.Infos.Select(i => r.Value(i.Name) ?? double.NaN).ToList(), metrics.Infos.Select(i => i.LowerIsBetter).ToList())).ToList();
        var first = metrics.Infos[0];
        return NonDominatedSorting.FirstFront(objectives).Select(i => rated[i])
            .OrderBy(r => Objectives.Minimised(r.Value(first.Name) ?? 0, first.LowerIsBetter))
            .ThenBy(r => r.Architecture, StringComparer.Ordinal).ToList();
    }

    /// <summary>Writes <c>ratings/pareto.csv</c> from what the search rated; returns the front (empty: nothing rated, no file).</summary>
    public static List<ArchitectureRatingRecord> Write(RunSession s)
    {
        var rated = Rated(s);
        if (rated.Count == 0) return rated;
        var front = Front(rated, s.Components.Evaluator.LowerIsBetter, s.Components.CostMetrics);
        CheckpointStore.ReplaceAtomically(Path.Combine(s.Folder.Sub("ratings"), Name), RatingRecorder.Table(front, s.Components.CostMetrics.Names));
        return front;
    }

    /// <summary>Reads <c>ratings/pareto.csv</c> or <c>ratings/architectures.csv</c> back: (architecture, score, costs by column name).</summary>
    public static List<(string Architecture, double Score, Dictionary<string, double> Costs)> Read(RunFolder folder, string file)
    {
        var path = Path.Combine(folder.Path, "ratings", file);
        if (!File.Exists(path)) return new();
        var lines = File.ReadLines(path).ToList();
        var header = lines[0].Split(',');
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).Select(p => (p[0], double.Parse(p[1], inv),
            Enumerable.Range(2, Math.Min(header.Length, p.Length) - 2).Where(c => p[c].Length > 0)
                .ToDictionary(c => header[c], c => double.Parse(p[c], inv), StringComparer.Ordinal))).ToList();
    }
}
