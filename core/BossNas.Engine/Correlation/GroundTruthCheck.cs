using BossNas.Core.Architectures;
using BossNas.Core.Spaces;

namespace BossNas.Engine.Correlation;

/// <summary>
/// The whole of a ground-truth benchmark a config names (<c>[pipeline] benchmark</c>, <c>[compare] benchmark</c>),
/// checked when the config is bound, so a bad file is refused before any training rather than after the search that
/// rates it. Each problem is one line, <c>file:line: ...</c> (<c>file: ...</c> where the format has no lines).
/// </summary>
public static class GroundTruthCheck
{
    /// <summary>
    /// The problems of the file alone: those of its reader (for a CSV every rule of <see cref="GroundTruth.ReadCsvRows"/>),
    /// and fewer than two architectures, which no rank correlation can use.
    /// </summary>
    /// <param name="file">The ground-truth file (an existing one).</param>
    public static IReadOnlyList<string> File(string file)
    {
        var problems = new List<string>();
        var rows = Rows(file, problems);
        if (problems.Count == 0 && rows.Count < 2)
            problems.Add($"{file}: {rows.Count} architecture(s); a benchmark needs at least 2 to rank");
        return problems;
    }

    /// <summary>
    /// The problems of the file's architectures in <paramref name="space"/>: a key the space cannot parse
    /// (<see cref="ISearchSpace.ParseBenchmarkKey"/>), an architecture it refuses (<see cref="ISearchSpace.Validate"/>),
    /// and two keys for the same architecture. Rows the file itself gets wrong are left to <see cref="File"/>.
    /// </summary>
    /// <param name="file">The ground-truth file (an existing one).</param>
    /// <param name="space">The config's search space.</param>
    public static IReadOnlyList<string> InSpace(string file, ISearchSpace space)
    {
        var problems = new List<string>();
        var rows = Rows(file, new List<string>());
        var first = new Dictionary<Architecture, GroundTruth.Row>();
        foreach (var row in rows)
        {
            string at = row.Line > 0 ? $"{file}:{row.Line}" : file;
            Architecture architecture;
            try
            {
                architecture = space.ParseBenchmarkKey(row.Architecture);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
            {
                problems.Add($"{at}: '{row.Architecture}' is not an architecture of this space: {e.Message}");
                continue;
            }
            if (space.Validate(architecture) is { } why)
                problems.Add($"{at}: architecture '{row.Architecture}' is not valid in this space: {why}");
            else if (!first.TryAdd(architecture, row))
                problems.Add($"{at}: '{row.Architecture}' is the architecture of '{first[architecture].Architecture}'" +
                             (first[architecture].Line > 0 ? $" on line {first[architecture].Line}" : "") + " again");
        }
        return problems;
    }

    // Every format read with the lines it has: a CSV row by row, the others through their readers (no line numbers).
    private static List<GroundTruth.Row> Rows(string file, List<string> problems)
    {
        try
        {
            if (Path.GetExtension(file).Equals(".csv", StringComparison.OrdinalIgnoreCase)) return GroundTruth.ReadCsvRows(file, problems).ToList();
            return GroundTruth.Load(file).Select(p => new GroundTruth.Row(0, p.Key, p.Value)).ToList();
        }
        catch (Exception e) when (e is FormatException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            problems.Add(e.Message.Contains(file, StringComparison.Ordinal) ? e.Message : $"{file}: {e.Message}");
            return [];
        }
    }
}
