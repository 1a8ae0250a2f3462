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

    /// <summary>Reads NATS-style YAML: one <c>'c1:c2:c3:c4:c5': accuracy</c> line per architecture, key quoted or not.</summary>
    /// <param name="file">The file to read.</param>
    /// <returns>Accuracy per key, e.g. <c>16:16:16:16:64</c> → 89.58.</returns>
    /// <exception cref="FormatException">A line is malformed or a key repeats; the message names file and line.</exception>
    public static IReadOnlyDictionary<string, double> ReadNatsYaml(string file)
    {
        var accuracy = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (number, text) in TextFields.ContentLines(file))
        {
            // The key itself contains ':' and may be unquoted, so the separator is the last ": ".
            int separator = text.LastIndexOf(": ", StringComparison.Ordinal);
            if (separator < 0 || !TextFields.TryParseDouble(text[(separator + 2)..], out double value))
                throw TextFields.Error(file, number, "'<architecture>: <accuracy>'", text);
            string key = TextFields.Unquote(text[..separator]);
            if (!accuracy.TryAdd(key, value)) throw TextFields.Error(file, number, "an architecture not listed before", key);
        }

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
    /// <returns>Accuracy per architecture string (extra columns are ignored).</returns>
    /// <exception cref="FormatException">Header or a row is malformed; the message names file and line.</exception>
    public static IReadOnlyDictionary<string, double> ReadCsv(string file)
    {
        var accuracy = new Dictionary<string, double>(StringComparer.Ordinal);
        bool header = true;
        foreach (var (number, text) in TextFields.ContentLines(file))
        {
            var fields = TextFields.SplitCsv(text);
            if (header)
            {
                if (fields.Count < 2 || !fields[0].Equals("architecture", StringComparison.OrdinalIgnoreCase)
                    || !fields[1].Equals("accuracy", StringComparison.OrdinalIgnoreCase))
                    throw TextFields.Error(file, number, "the header 'architecture,accuracy'", text);
                header = false;
            }
            else if (fields.Count < 2 || fields[0].Length == 0 || !TextFields.TryParseDouble(fields[1], out double value))
            {
                throw TextFields.Error(file, number, "'<architecture>,<accuracy>' with a numeric accuracy", text);
            }
            else if (!accuracy.TryAdd(fields[0], value))
            {
                throw TextFields.Error(file, number, "an architecture not listed before", fields[0]);
            }
        }

        return header ? throw TextFields.Error(file, 1, "the header 'architecture,accuracy'", "end of file") : accuracy;
    }
}
