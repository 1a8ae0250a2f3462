using System.Net;
using System.Text;

namespace BossNas.Engine.Reports;

/// <summary>
/// The CSV files beside a report (<c>results.csv</c>, <c>ratings/*.csv</c>) as whole HTML tables, folded under the
/// report: <c>report.md</c> shows the best rows, these every row, to sort by any column in the page.
/// </summary>
internal static class CsvTables
{
    /// <summary>One folded, sortable table per CSV file of <paramref name="folder"/> and its <c>ratings/</c>; empty when there is none.</summary>
    public static string Html(string folder)
    {
        var files = Directory.GetFiles(folder, "*.csv").Order(StringComparer.Ordinal).ToList();
        var ratings = Path.Combine(folder, "ratings");
        if (Directory.Exists(ratings)) files.AddRange(Directory.GetFiles(ratings, "*.csv").Order(StringComparer.Ordinal));
        var sb = new StringBuilder();
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file).Where(l => l.Length > 0).ToList();
            if (lines.Count == 0) continue;
            var name = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            sb.Append("<details><summary>All rows of <code>").Append(Text(name)).Append("</code> (").Append(lines.Count - 1).AppendLine(" rows)</summary>");
            sb.Append("<table class=\"csv\" data-file=\"").Append(Text(name)).Append("\"><thead><tr>");
            foreach (var h in Fields(lines[0])) sb.Append("<th>").Append(Text(h)).Append("</th>");
            sb.AppendLine("</tr></thead><tbody>");
            foreach (var line in lines.Skip(1))
            {
                sb.Append("<tr>");
                foreach (var f in Fields(line)) sb.Append("<td>").Append(Text(f)).Append("</td>");
                sb.AppendLine("</tr>");
            }
            sb.AppendLine("</tbody></table></details>");
        }
        return sb.ToString();
    }

    /// <summary>The fields of one CSV line: commas separate, double quotes enclose a field that holds them ("" is a quote).</summary>
    public static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        fields.Add(field.ToString());
        return fields;
    }

    private static string Text(string text) => WebUtility.HtmlEncode(text);
}
