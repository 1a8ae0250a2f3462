using System.Net;
using System.Text;

namespace BossNas.Engine.Reports;

/// <summary>
/// A self-contained HTML page: the style and the table-sorting script are inlined from the engine's resources, so a page
/// opens the same offline, copied elsewhere, or attached to a mail.
/// </summary>
internal static class HtmlPage
{
    private static readonly Lazy<string> Style = new(() => Resource("BossNas.Reports.page.css"));
    private static readonly Lazy<string> Script = new(() => Resource("BossNas.Reports.sort.js"));

    /// <summary>The whole page around <paramref name="body"/> (HTML), titled <paramref name="title"/> (text).</summary>
    public static string Wrap(string title, string body)
    {
        var sb = new StringBuilder();
        sb.AppendLine("<!DOCTYPE html>");
        sb.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append("<title>").Append(WebUtility.HtmlEncode(title)).AppendLine("</title>");
        sb.Append("<style>").Append(Style.Value).AppendLine("</style>");
        sb.AppendLine("</head><body>");
        sb.AppendLine(body);
        sb.Append("<script>").Append(Script.Value).AppendLine("</script>");
        sb.AppendLine("</body></html>");
        return sb.ToString();
    }

    private static string Resource(string name)
    {
        using var stream = typeof(HtmlPage).Assembly.GetManifestResourceStream(name)
                           ?? throw new InvalidOperationException($"the engine lacks its resource {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
