using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace BossNas.Engine.Correlation;

/// <summary>
/// Reads and writes per-block path ratings: BossNAS's <c>path_rank_&lt;b&gt;.yml</c> (a PyYAML dump of
/// <c>(path, loss)</c> tuples) and this framework's own <c>ratings_block&lt;b&gt;.csv</c>.
/// </summary>
public static partial class PathRankFile
{
    private const string TupleTag = "- !!python/tuple";

    /// <summary>
    /// Reads a <c>path_rank_&lt;b&gt;.yml</c> file: a list of (path, loss) pairs, PyYAML's <c>!!python/tuple</c> items in
    /// block or flow style or plain two-item lists (<see cref="Core.Files.YamlTables.ReadPairs"/>).
    /// </summary>
    /// <param name="file">The file to read.</param>
    /// <returns>Loss of each path; lower is better.</returns>
    /// <exception cref="FormatException">The file is not such a list, or a path repeats; the message names file and line.</exception>
    public static IReadOnlyDictionary<string, double> Read(string file)
    {
        var ratings = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var entry in Core.Files.YamlTables.ReadPairs(file))
            if (!ratings.TryAdd(entry.Key, entry.Value)) throw TextFields.Error(file, entry.Line, "a path not listed before", entry.Key);
        return ratings;
    }

    /// <summary>Writes ratings in the <c>path_rank_&lt;b&gt;.yml</c> layout, sorted ascending by loss as BossNAS does (NaN last).</summary>
    /// <param name="file">The file to create or overwrite.</param>
    /// <param name="ratings">Path and loss pairs; paths must be unique and single-line.</param>
    /// <exception cref="ArgumentException">A path repeats or contains a line break.</exception>
    public static void Write(string file, IEnumerable<(string Path, double Loss)> ratings)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var text = new StringBuilder();
        // NaN (a diverged rating) would sort first with double ordering; it belongs with the worst.
        foreach (var (path, loss) in ratings.OrderBy(r => double.IsNaN(r.Loss)).ThenBy(r => r.Loss))
        {
            if (!seen.Add(path) || path.AsSpan().ContainsAny('\n', '\r'))
                throw new ArgumentException($"Path '{path}' is repeated or spans lines; {file} could not be read back.", nameof(ratings));
            // Always single-quoted, as PyYAML does for digit strings, so paths never read back as numbers.
            text.Append(TupleTag).Append('\n')
                .Append("  - '").Append(path.Replace("'", "''", StringComparison.Ordinal)).Append("'\n")
                .Append("  - ").Append(FormatFloat(loss)).Append('\n');
        }

        File.WriteAllText(file, text.ToString());
    }

    /// <summary>Reads a <c>ratings_block&lt;b&gt;.csv</c> file: a header <c>path,score,...</c>, then one row per path.</summary>
    /// <param name="file">The file to read.</param>
    /// <returns>Score of each path; lower is better.</returns>
    /// <exception cref="FormatException">Header or a row is malformed; the message names file and line.</exception>
    public static IReadOnlyDictionary<string, double> ReadCsv(string file)
    {
        var ratings = new Dictionary<string, double>(StringComparer.Ordinal);
        bool header = true;
        foreach (var (number, text) in TextFields.ContentLines(file))
        {
            var fields = TextFields.SplitCsv(text);
            if (header)
            {
                if (fields.Count < 2 || !fields[0].Equals("path", StringComparison.OrdinalIgnoreCase)
                    || !fields[1].Equals("score", StringComparison.OrdinalIgnoreCase))
                    throw TextFields.Error(file, number, "the header 'path,score,...'", text);
                header = false;
            }
            else if (fields.Count < 2 || fields[0].Length == 0 || !TextFields.TryParseDouble(fields[1], out double score))
            {
                throw TextFields.Error(file, number, "'<path>,<score>,...' with a numeric score", text);
            }
            else if (!ratings.TryAdd(fields[0], score))
            {
                throw TextFields.Error(file, number, "a path not listed before", fields[0]);
            }
        }

        return header ? throw TextFields.Error(file, 1, "the header 'path,score,...'", "end of file") : ratings;
    }

    /// <summary>
    /// Loads every block's ratings from a folder holding <c>path_rank_&lt;b&gt;.yml</c>
    /// (or <c>path_rank_&lt;b&gt;_&lt;suffix&gt;.yml</c>) and/or <c>ratings_block&lt;b&gt;.csv</c> files.
    /// </summary>
    /// <param name="folder">The folder to scan (not recursively).</param>
    /// <returns>Ratings per block, in block order starting at the lowest block index found.</returns>
    /// <remarks>Where several files name one block, the ordinally last file name wins (e.g. the latest timestamp suffix).</remarks>
    /// <exception cref="InvalidDataException">No rating file, or block indices with a gap; the message names the folder.</exception>
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> LoadFolder(string folder)
    {
        var fileOfBlock = new SortedDictionary<int, string>();
        foreach (string file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            Match match = RatingFileName().Match(Path.GetFileName(file));
            if (match.Success) fileOfBlock[int.Parse(match.Groups["block"].Value, CultureInfo.InvariantCulture)] = file;
        }

        if (fileOfBlock.Count == 0)
            throw new InvalidDataException($"Folder '{folder}' has no path_rank_<b>.yml or ratings_block<b>.csv file.");
        int first = fileOfBlock.Keys.First();
        int gap = Enumerable.Range(first, fileOfBlock.Count).FirstOrDefault(b => !fileOfBlock.ContainsKey(b), -1);
        if (gap >= 0)
            throw new InvalidDataException($"Folder '{folder}' has no ratings for block {gap} (found blocks {string.Join(", ", fileOfBlock.Keys)}).");

        return fileOfBlock.Values
            .Select(f => f.EndsWith(".csv", StringComparison.Ordinal) ? ReadCsv(f) : Read(f))
            .ToList();
    }

    /// <summary>Shortest round-trip text that PyYAML also reads back as a float.</summary>
    private static string FormatFloat(double value)
    {
        if (double.IsNaN(value)) return ".nan";
        if (double.IsInfinity(value)) return value > 0 ? ".inf" : "-.inf";
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        // YAML 1.1 floats need a '.', otherwise "1E-05" or "-3" would come back as a string or an int.
        if (text.Contains('.', StringComparison.Ordinal)) return text;
        return text.Contains('E', StringComparison.Ordinal) ? text.Replace("E", ".0e", StringComparison.Ordinal) : text + ".0";
    }

    [GeneratedRegex(@"^(?:path_rank_(?<block>[0-9]{1,9})(?:_.*)?\.yml|ratings_block(?<block>[0-9]{1,9})\.csv)\z")]
    private static partial Regex RatingFileName();
}
