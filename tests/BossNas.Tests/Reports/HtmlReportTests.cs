using System.Text.RegularExpressions;
using BossNas.Engine.Reports;
using BossNas.Engine.Runs;
using StbImageSharp;
using StbImageWriteSharp;

namespace BossNas.Tests.Reports;

/// <summary>
/// <c>report.html</c> rendered from a <c>report.md</c>: it stands alone (no http(s) reference, plots embedded and
/// decodable), holds one table per Markdown table with the found architecture unescaped, and the resolved config.
/// </summary>
public sealed partial class HtmlReportTests
{
    private const string Markdown = """
        # BossNas run report: tiny

        ## Found architecture

        Encoding `11|01|0` (3.69M MAdds, 29.0K params)

        ### Block 0: 2 candidates (best first; chosen `11`)

        | rank | path | score | MAdds (cheapest completion) |
        |---|---|---|---|
        | 1 | `11` ◀ | -3.237397 | 3.63M |
        | 2 | `01` | -3.237386 | 1.32M |

        ![block 0 ratings](ratings_block0.png)

        ## Test accuracy

        | architecture | encoding | MAdds | params | test accuracy |
        |---|---|---|---|---|
        | found | `11\|01\|0` | 3.69M | 29.0K | 25.00 % |

        ![loss](loss.png) ![absent](missing.png)
        """;

    [Fact]
    public void The_page_stands_alone_with_a_table_per_markdown_table_and_decodable_plots()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("report.md"), Markdown);
        WritePng(temp.File("ratings_block0.png"), 7, 5);
        WritePng(temp.File("loss.png"), 3, 4);
        File.WriteAllText(temp.File(RunFolder.ConfigFile), "[run]\nname = \"tiny <&>\"\n");
        Directory.CreateDirectory(temp.File("ratings"));
        File.WriteAllLines(temp.File("ratings/ratings_block0.csv"), ["path,score,madds,params", "11,-3.237397,3630000,29000", "01,-3.237386,1320000,12000", "\"a,b\",1,2,3"]);

        var html = File.ReadAllText(HtmlReport.WriteBeside(temp.File("report.md")));

        Assert.DoesNotMatch(@"https?://", html);
        Assert.Equal(Regex.Matches(Markdown, @"(?m)^\|---").Count, Regex.Matches(html, "<table>").Count);
        Assert.Contains("<code>11|01|0</code></td>", html); // the table cell's escaped pipes read as pipes
        Assert.Contains("name = &quot;tiny &lt;&amp;&gt;&quot;", html);
        var images = ImageSources().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(3, images.Count);
        var sizes = images.Where(s => s.StartsWith("data:image/png;base64,", StringComparison.Ordinal))
            .Select(s => ImageResult.FromMemory(Convert.FromBase64String(s["data:image/png;base64,".Length..]), StbImageSharp.ColorComponents.RedGreenBlue))
            .Select(i => (i.Width, i.Height)).ToList();
        Assert.Equal([(7, 5), (3, 4)], sizes);
        Assert.Contains("missing.png", images); // a plot that is not there stays a plain link, never a remote one
        // Every row of a ratings CSV, not only the report's best, in a table of its own.
        var csv = Regex.Match(html, "<table class=\"csv\" data-file=\"ratings/ratings_block0.csv\">(.*?)</table>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(4, Regex.Matches(csv, "<tr>").Count); // the header and the 3 rows
        Assert.Contains("<tr><td>01</td><td>-3.237386</td><td>1320000</td><td>12000</td></tr>", csv);
        Assert.Contains("<tr><td>a,b</td><td>1</td>", csv);
        Assert.Contains("<script>", html);
        Assert.Contains("aria-sort", html);
    }

    [GeneratedRegex("<img src=\"([^\"]*)\"")]
    private static partial Regex ImageSources();

    private static void WritePng(string path, int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 37);
        using var file = File.Create(path);
        new ImageWriter().WritePng(pixels, width, height, StbImageWriteSharp.ColorComponents.RedGreenBlue, file);
    }
}
