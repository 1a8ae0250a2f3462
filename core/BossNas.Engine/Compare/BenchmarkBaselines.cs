using BossNas.Engine.Correlation;

namespace BossNas.Engine.Compare;

/// <summary>
/// Reference lines for a comparison's table, from the benchmark's own columns (as <c>bossnas benchmark</c> writes them):
/// how well ranking its architectures by parameter count or by MAdds alone agrees with their accuracy (a supernet's
/// rating has to beat these to be worth its training), and how well its two seeds agree with each other (the noise
/// ceiling). A line whose columns the file lacks is left out.
/// </summary>
internal static class BenchmarkBaselines
{
    /// <summary>One reference: its name, the architectures it covers, and its agreement with the accuracy.</summary>
    public sealed record Line(string Name, int N, double Tau, double Rho, double TopTen, double? WithinCostTau = null);

    /// <summary>The lines for <paramref name="csvFile"/>.</summary>
    /// <exception cref="FormatException">A cell of a used column is not a number; the message names file and line.</exception>
    public static IReadOnlyList<Line> Compute(string csvFile)
    {
        string[]? header = null;
        var rows = new List<(int Number, List<string> Fields)>();
        foreach (var (number, text) in TextFields.ContentLines(csvFile))
        {
            var fields = TextFields.SplitCsv(text);
            if (header is null) header = fields.Select(f => f.Trim().ToLowerInvariant()).ToArray();
            else rows.Add((number, fields));
        }
        if (header is null) return [];

        List<double?> Column(string name)
        {
            int index = Array.IndexOf(header, name);
            if (index < 0) return [];
            return rows.Select(r =>
            {
                var cell = index < r.Fields.Count ? r.Fields[index].Trim() : "";
                if (cell.Length == 0) return (double?)null;
                return TextFields.TryParseDouble(cell, out double v) ? v : throw TextFields.Error(csvFile, r.Number, $"a number in column '{name}'", cell);
            }).ToList();
        }

        var accuracy = Column("accuracy");
        var madds = Column("madds");
        var lines = new List<Line>();
        if (Agreement("parameter count", Column("params"), accuracy, madds) is { } byParams) lines.Add(byParams);
        if (Agreement("MAdds", madds, accuracy, madds) is { } byMadds) lines.Add(byMadds);
        // The builder names the seed columns after the recipe's seeds (accuracy_seed<n>); the first two are compared.
        var seeds = header.Where(h => h.StartsWith("accuracy_seed", StringComparison.Ordinal)).Take(2).ToList();
        if (seeds.Count == 2 && Agreement($"noise ceiling: seed {seeds[1][13..]} against seed {seeds[0][13..]}", Column(seeds[1]), Column(seeds[0]), madds)
                is { } ceiling)
            lines.Add(ceiling);
        return lines;
    }

    /// <summary>τ-b, ρ and top-10 % precision of <paramref name="score"/> (higher = better) against <paramref name="truth"/>
    /// over the rows that have both, and the mean τ-b within MAdds quartiles where every such row has its MAdds; null
    /// when fewer than two rows have both.</summary>
    private static Line? Agreement(string name, List<double?> score, List<double?> truth, List<double?> madds)
    {
        if (score.Count == 0 || truth.Count == 0) return null;
        var rows = Enumerable.Range(0, Math.Min(score.Count, truth.Count)).Where(i => score[i] is not null && truth[i] is not null).ToList();
        if (rows.Count < 2) return null;
        var x = rows.Select(i => score[i]!.Value).ToList();
        var y = rows.Select(i => truth[i]!.Value).ToList();
        double? binned = madds.Count == score.Count && rows.All(i => madds[i] is not null)
            ? RankCorrelation.WithinBins(x, y, rows.Select(i => madds[i]!.Value).ToList())
            : null;
        return new Line(name, rows.Count, RankCorrelation.KendallTauB(x, y), RankCorrelation.SpearmanRho(x, y), RankCorrelation.TopPrecision(x, y),
            binned is { } b && double.IsFinite(b) ? b : null);
    }
}
