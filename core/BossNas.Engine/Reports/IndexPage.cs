using System.Globalization;
using System.Net;
using System.Text;
using BossNas.Engine.Runs;

namespace BossNas.Engine.Reports;

/// <summary>
/// <c>index.html</c> of an output root: one sortable row per run and comparison of the <see cref="RunIndex"/>, each
/// linking its report by a path relative to the root, so the root can be copied or served as a whole.
/// </summary>
public static class IndexPage
{
    /// <summary>The file name of the index.</summary>
    public const string FileName = "index.html";

    /// <summary>Writes <c>index.html</c> into <paramref name="root"/> for <paramref name="entries"/>; returns its path.</summary>
    public static string Write(string root, IReadOnlyList<RunEntry> entries)
    {
        root = Path.GetFullPath(root);
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("<h1>BossNas runs: ").Append(Text(root)).AppendLine("</h1>");
        sb.Append(inv, $"<p>{entries.Count(e => e.Kind == "run")} run(s), {entries.Count(e => e.Kind == "comparison")} comparison(s); ")
            .Append("newest first, read from the folders when this page was written (")
            .Append(DateTime.Now.ToString("yyyy-MM-dd HH:mm", inv)).AppendLine("). Click a header to sort.</p>");
        sb.AppendLine("<table><thead><tr><th>started</th><th>kind</th><th>name</th><th>status</th><th>config hash</th><th>found architecture</th>" +
                      "<th>test accuracy %</th><th>time</th><th>report</th></tr></thead><tbody>");
        foreach (var e in entries)
        {
            var status = e.Status.ToString().ToLowerInvariant();
            sb.Append("<tr>")
                .Append($"<td data-sort=\"{e.Started.ToString("yyyyMMddHHmmss", inv)}\">{e.Started.ToString("yyyy-MM-dd HH:mm:ss", inv)}</td>")
                .Append(Cell(e.Comparison is { } c ? $"arm run of {c}" : e.Kind))
                .Append(Cell(e.Name))
                .Append("<td class=\"status-").Append(status).Append('"').Append(e.Failure is { } f ? $" title=\"{Text(f)}\"" : "").Append('>')
                .Append(status).Append("</td>")
                .Append(e.ConfigHash is { Length: >= 12 } h ? Cell(h[..12], code: true) : Cell("–"))
                .Append(Cell(e.Architecture ?? "–", code: e.Architecture is not null))
                .Append(Cell(e.Accuracy is { } a ? (a * 100).ToString("F2", inv) : "–"))
                .Append(e.Seconds is { } s ? $"<td data-sort=\"{s.ToString("F0", inv)}\">{Duration(s)}</td>" : Cell("–"))
                .Append("<td>").Append(e.Report is { } r ? $"<a href=\"{Link(root, r)}\">{Text(Path.GetFileName(r))}</a>" : "–").Append("</td>")
                .AppendLine("</tr>");
        }
        sb.AppendLine("</tbody></table>");
        var path = Path.Combine(root, FileName);
        File.WriteAllText(path, HtmlPage.Wrap("BossNas runs", sb.ToString()));
        return path;
    }

    /// <summary>Seconds as <c>42 s</c>, <c>12.5 min</c> or <c>3.2 h</c>.</summary>
    public static string Duration(double seconds) => seconds switch
    {
        < 120 => string.Create(CultureInfo.InvariantCulture, $"{seconds:F0} s"),
        < 7200 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:F1} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:F1} h"),
    };

    private static string Cell(string text, bool code = false) => code ? $"<td><code>{Text(text)}</code></td>" : $"<td>{Text(text)}</td>";

    private static string Text(string text) => WebUtility.HtmlEncode(text);

    // Relative to the root, each segment escaped (a run name may hold characters a URL may not).
    private static string Link(string root, string file) =>
        string.Join('/', Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString));
}
