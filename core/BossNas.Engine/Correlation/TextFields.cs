using System.Text;

namespace BossNas.Engine.Correlation;

/// <summary>Line and scalar helpers shared by the CSV readers of this folder (YAML goes through <see cref="Core.Files.YamlTables"/>).</summary>
internal static class TextFields
{
    /// <summary>The non-blank, non-comment lines of <paramref name="file"/> with their 1-based numbers.</summary>
    public static IEnumerable<(int Number, string Text)> ContentLines(string file)
    {
        int number = 0;
        foreach (string line in File.ReadLines(file))
        {
            number++;
            string text = line.Trim();
            if (text.Length > 0 && text[0] != '#') yield return (number, text);
        }
    }

    /// <summary>An error that points a reader of the message at the offending line.</summary>
    public static FormatException Error(string file, int line, string expected, string found) =>
        new($"{file}, line {line}: expected {expected}, found '{found}'.");

    /// <summary>Parses a float written by Python (including PyYAML's <c>.nan</c> / <c>.inf</c>), invariant culture.</summary>
    public static bool TryParseDouble(string text, out double value) => Core.Files.YamlTables.TryParseNumber(text, out value);

    /// <summary>Splits one CSV line on commas outside double quotes; <c>""</c> inside quotes is a literal quote.</summary>
    public static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c == '"' && quoted && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.Add(field.ToString().Trim()); field.Clear(); }
            else field.Append(c);
        }

        fields.Add(field.ToString().Trim());
        return fields;
    }
}
