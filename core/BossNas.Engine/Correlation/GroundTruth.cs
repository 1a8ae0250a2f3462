using System.Text.Json;

namespace BossNas.Engine.Correlation;

/// <summary>
/// Reads stand-alone accuracies of architectures: architecture key → accuracy.
/// Keys are the file's own architecture notation; <see cref="ArchitectureScorer.ForSpace"/> turns them into paths.
/// </summary>
public static class GroundTruth
{
    /// <summary>Reads a ground-truth file, choosing the format by extension.</summary>
    /// <param name="file"><c>.yml</c>/<c>.yaml</c> (NATS), <c>.json</c> (MBConv) or <c>.csv</c> (generic).</param>
    /// <returns>Accuracy of each architecture.</returns>
    /// <exception cref="NotSupportedException">The extension is none of the above.</exception>
    /// <exception cref="FormatException">The content is malformed; the message names the file.</exception>
    public static IReadOnlyDictionary<string, double> Load(string file) =>
        Path.GetExtension(file).ToUpperInvariant() switch
        {
            ".YML" or ".YAML" => ReadNatsYaml(file),
            ".JSON" => ReadMbconvJson(file),
            ".CSV" => ReadCsv(file),
            _ => throw new NotSupportedException($"Ground-truth file '{file}' is not .yml, .yaml, .json or .csv."),
        };

    /// <summary>
    /// Reads NATS-style YAML: a mapping of <c>'c1:c2:c3:c4:c5': accuracy</c>, keys quoted or not, block or flow style
    /// (<see cref="Core.Files.YamlTables.ReadNumberMap"/>).
    /// </summary>
    /// <param name="file">The file to read.</param>
    /// <returns>Accuracy per key, e.g. <c>16:16:16:16:64</c> → 89.58.</returns>
    /// <exception cref="FormatException">The file is not such a mapping, or a key repeats; the message names file and line.</exception>
    public static IReadOnlyDictionary<string, double> ReadNatsYaml(string file)
    {
        var accuracy = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var entry in Core.Files.YamlTables.ReadNumberMap(file))
            if (!accuracy.TryAdd(entry.Key, entry.Value)) throw TextFields.Error(file, entry.Line, "an architecture not listed before", entry.Key);
        return accuracy;
    }

    /// <summary>
    /// Reads MBConv JSON: <c>{ "architectures": [ { "encoding": [[1,1],[1,1,1,1],...], "top1": 75.52 }, ... ] }</c>.
    /// </summary>
    /// <param name="file">The file to read.</param>
    /// <returns>Top-1 per encoding; the key is the encoding as compact JSON, e.g. <c>[[1,1],[1,1,1,1]]</c>.</returns>
    /// <exception cref="FormatException">The JSON is invalid or lacks the fields above; the message names the file.</exception>
    public static IReadOnlyDictionary<string, double> ReadMbconvJson(string file)
    {
        var accuracy = new Dictionary<string, double>(StringComparer.Ordinal);
        int index = 0;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            foreach (JsonElement architecture in document.RootElement.GetProperty("architectures").EnumerateArray())
            {
                var encoding = architecture.GetProperty("encoding").Deserialize<int[][]>()
                    ?? throw new JsonException("'encoding' is null.");
                // Re-serializing normalises whitespace, so equal encodings always give equal keys.
                string key = JsonSerializer.Serialize(encoding);
                if (!accuracy.TryAdd(key, architecture.GetProperty("top1").GetDouble()))
                    throw new FormatException($"{file}: architecture #{index} repeats encoding {key}.");
                index++;
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException(
                $"{file}: expected {{\"architectures\": [{{\"encoding\": [[op, ...], ...], \"top1\": number}}, ...]}}; " +
                $"architecture #{index}: {e.Message}", e);
        }

        return accuracy;
    }

    /// <summary>Reads a generic CSV with a header <c>architecture,accuracy</c> and one row per architecture.</summary>
    /// <param name="file">The file to read.</param>
    /// <returns>Accuracy per architecture string (extra columns are checked where <c>bossnas benchmark</c> writes them, else ignored).</returns>
    /// <exception cref="FormatException">
    /// The file breaks a rule of <see cref="ReadCsvRows"/>; the message lists the problems as <c>file:line: ...</c>.
    /// </exception>
    public static IReadOnlyDictionary<string, double> ReadCsv(string file)
    {
        var problems = new List<string>();
        var rows = ReadCsvRows(file, problems);
        if (problems.Count > 0) throw new FormatException(Summary(problems));
        return rows.ToDictionary(r => r.Architecture, r => r.Accuracy, StringComparer.Ordinal);
    }

    /// <summary>One architecture of a ground-truth file: where it is (1-based line; 0 where the format has none), its key and accuracy.</summary>
    public sealed record Row(int Line, string Architecture, double Accuracy);

    /// <summary>
    /// Reads a ground-truth CSV whole, adding every problem to <paramref name="problems"/> as <c>file:line: ...</c>
    /// rather than stopping at the first: the header must start <c>architecture,accuracy</c> (its columns named, each
    /// once); every row has as many columns as the header, a non-empty architecture listed once, an accuracy in
    /// 0..100 (percent), and, in the columns <c>bossnas benchmark</c> writes, empty cells or numbers in range
    /// (<c>accuracy_seed*</c> 0..100; <c>madds</c>, <c>params</c>, <c>seconds_seed*</c> at least 0); and the file ends
    /// with a newline after its last row.
    /// </summary>
    /// <remarks>
    /// A cut-short last row (a copy or download that stopped early, an editor that crashed) is caught twice over:
    /// <see cref="Benchmarks.BenchmarkTable.Write"/> ends every row with a newline and writes its 8 columns in full (it
    /// replaces the file atomically, so its own files always pass), hence a last row without its newline or with fewer
    /// columns than the header was not written whole. The newline rule is the one that also catches a cut inside the
    /// last number of a two-column <c>architecture,accuracy</c> file (<c>a,8</c> for <c>a,82.5</c>); a hand-written
    /// file that lacks only the final newline is refused too, with a message saying to add it.
    /// </remarks>
    /// <param name="file">The file to read.</param>
    /// <param name="problems">Where the problems go.</param>
    /// <returns>The rows without a problem of their own (duplicates after the first are left out).</returns>
    public static IReadOnlyList<Row> ReadCsvRows(string file, List<string> problems)
    {
        var rows = new List<Row>();
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        List<string>? header = null;
        int lastRow = 0, lastPhysical = 0;
        foreach (string line in File.ReadLines(file))
        {
            int number = ++lastPhysical;
            string text = line.Trim();
            if (text.Length == 0 || text[0] == '#') continue;
            var fields = TextFields.SplitCsv(text);
            if (header is null)
            {
                if (fields.Count < 2 || !fields[0].Equals("architecture", StringComparison.OrdinalIgnoreCase)
                    || !fields[1].Equals("accuracy", StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{file}:{number}: expected the header 'architecture,accuracy[,...]', found '{text}'");
                    return rows;
                }
                header = fields.Select(f => f.ToLowerInvariant()).ToList();
                for (int c = 0; c < header.Count; c++)
                {
                    if (header[c].Length == 0) problems.Add($"{file}:{number}: header column {c + 1} has no name");
                    else if (header.IndexOf(header[c]) < c) problems.Add($"{file}:{number}: the header names column '{header[c]}' twice");
                }
                continue;
            }

            lastRow = number;
            if (fields.Count != header.Count)
            {
                problems.Add($"{file}:{number}: {fields.Count} column(s) where the header has {header.Count}: '{text}'");
                continue;
            }
            string architecture = fields[0];
            if (architecture.Length == 0)
            {
                problems.Add($"{file}:{number}: the architecture is empty");
                continue;
            }
            if (!first.TryAdd(architecture, number))
            {
                problems.Add($"{file}:{number}: architecture '{architecture}' is listed already on line {first[architecture]}");
                continue;
            }
            bool ok = true;
            double accuracy = double.NaN;
            for (int c = 1; c < header.Count; c++)
            {
                // Percentages in 0..100; costs and times at least 0; columns of other names are not read.
                bool percent = header[c] == "accuracy" || header[c].StartsWith("accuracy_seed", StringComparison.Ordinal);
                bool cost = header[c] is "madds" or "params" || header[c].StartsWith("seconds_seed", StringComparison.Ordinal);
                if (!(percent || cost) || (fields[c].Length == 0 && c != 1)) continue;
                double value = double.NaN;
                string? why = fields[c].Length == 0 ? "is empty"
                    : !TextFields.TryParseDouble(fields[c], out value) ? $"'{fields[c]}' is not a number"
                    : percent && !(value >= 0 && value <= 100) ? $"{fields[c]} is outside 0..100 (percent)"
                    : cost && !(value >= 0 && double.IsFinite(value)) ? $"{fields[c]} is not a finite number of at least 0"
                    : null;
                if (why is not null)
                {
                    problems.Add($"{file}:{number}: {header[c]} {why}");
                    ok = false;
                }
                else if (c == 1) accuracy = value;
            }
            if (ok) rows.Add(new Row(number, architecture, accuracy));
        }

        if (header is null)
        {
            problems.Add($"{file}:1: expected the header 'architecture,accuracy[,...]', found the end of the file");
        }
        else if (lastRow > 0 && lastRow == lastPhysical && !EndsWithNewline(file))
        {
            problems.Add($"{file}:{lastRow}: the last row does not end with a newline, so the file may be cut short " +
                         "(a table of `bossnas benchmark` ends every row with one; if the row is complete, end the file with a newline)");
        }

        return rows;
    }

    /// <summary>The problems of <paramref name="problems"/> as one message: at most <paramref name="shown"/>, then how many more.</summary>
    internal static string Summary(IReadOnlyList<string> problems, int shown = 10) =>
        string.Join(Environment.NewLine, problems.Take(shown)) +
        (problems.Count > shown ? $"{Environment.NewLine}... and {problems.Count - shown} more problem(s)" : "");

    private static bool EndsWithNewline(string file)
    {
        using var stream = File.OpenRead(file);
        if (stream.Length == 0) return true;
        stream.Seek(-1, SeekOrigin.End);
        return stream.ReadByte() == '\n';
    }
}
