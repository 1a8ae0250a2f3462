using System.Net;
using System.Text;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace BossNas.Engine.Reports;

/// <summary>
/// <c>report.html</c> beside a <c>report.md</c>, rendered from the same Markdown with Markdig (pipe tables), so the two
/// never disagree. The page stands alone: the plots the Markdown links are embedded as data URIs, the table-sorting
/// script and the style are inlined, scatter plots drawn with Figures.ScatterFigure are inlined as their SVG (each point
/// names its architecture on hover), and the CSV files beside the report (every rating, every arm run) and the resolved
/// config are appended, folded.
/// </summary>
public static class HtmlReport
{
    /// <summary>The file name of the HTML report.</summary>
    public const string FileName = "report.html";

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    /// <summary>Writes <c>report.html</c> in the folder of <paramref name="markdownPath"/>; returns its path.</summary>
    /// <param name="markdownPath">A <c>report.md</c> whose images are files in its folder.</param>
    public static string WriteBeside(string markdownPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(markdownPath))!;
        var document = Markdown.Parse(File.ReadAllText(markdownPath), Pipeline);
        foreach (var image in document.Descendants<LinkInline>().Where(l => l.IsImage).ToList())
            if (InteractiveFigure(folder, image.Url) is { } svg) image.ReplaceBy(new HtmlInline(svg), copyChildren: false);
            else if (Embedded(folder, image.Url) is { } uri) image.Url = uri;
        // GFM reads \| in a table cell as a pipe even inside code (architectures such as 11|01|0); Markdig keeps the backslash.
        foreach (var code in document.Descendants<Markdig.Extensions.Tables.TableCell>().SelectMany(c => c.Descendants<CodeInline>())
                     .Where(c => c.Content.Contains("\\|", StringComparison.Ordinal)).ToList())
            code.ReplaceBy(new CodeInline(code.Content.Replace("\\|", "|", StringComparison.Ordinal)) { Delimiter = code.Delimiter, DelimiterCount = code.DelimiterCount });
        var body = new StringWriter();
        var renderer = new HtmlRenderer(body);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        body.Write(CsvTables.Html(folder));
        var config = Path.Combine(folder, Runs.RunFolder.ConfigFile);
        if (File.Exists(config))
            body.Write($"<details><summary>Resolved config ({Runs.RunFolder.ConfigFile})</summary><pre>{WebUtility.HtmlEncode(File.ReadAllText(config))}</pre></details>");
        var title = document.Descendants<HeadingBlock>().FirstOrDefault()?.Inline?.FirstChild is LiteralInline first
            ? first.Content.ToString() : Path.GetFileName(folder);
        var path = Path.Combine(folder, FileName);
        File.WriteAllText(path, HtmlPage.Wrap(title, body.ToString()));
        return path;
    }

    // The SVG drawn beside a PNG from the same points (Figures.ScatterFigure), inline so its points show their tips on hover.
    private static string? InteractiveFigure(string folder, string? url)
    {
        if (string.IsNullOrEmpty(url) || !url.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || url.Contains(':', StringComparison.Ordinal) || url.Contains('/')) return null;
        var svg = Path.Combine(folder, Path.ChangeExtension(Uri.UnescapeDataString(url), ".svg"));
        if (!File.Exists(svg)) return null;
        var text = File.ReadAllText(svg);
        // HTML needs no namespace on an inline SVG; without it the page names no http address at all.
        return text.StartsWith("<svg", StringComparison.Ordinal) && text.Contains($"class=\"{Figures.ScatterSvg.RootClass}\"", StringComparison.Ordinal)
            ? text.Replace($" xmlns=\"{Figures.ScatterSvg.Namespace}\"", "", StringComparison.Ordinal) : null;
    }

    // A relative link to an image file in the report's folder, as a data URI; anything else (absent, remote) as it was.
    private static string? Embedded(string folder, string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Contains(':', StringComparison.Ordinal) || url.StartsWith('/')) return null;
        var file = Path.GetFullPath(Path.Combine(folder, Uri.UnescapeDataString(url)));
        if (!file.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(file)) return null;
        var mime = Path.GetExtension(file).ToLowerInvariant() switch
        {
            ".png" => "image/png",
            ".svg" => "image/svg+xml",
            ".jpg" or ".jpeg" => "image/jpeg",
            _ => null,
        };
        return mime is null ? null : new StringBuilder("data:").Append(mime).Append(";base64,").Append(Convert.ToBase64String(File.ReadAllBytes(file))).ToString();
    }
}
