using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using BossNas.Cli;
using BossNas.Engine.Reports.Figures;
using BossNas.Tests.Support.Browser;
using StbImageSharp;

namespace BossNas.Tests.Reports;

/// <summary>
/// <c>report.html</c> as a reader sees it: a smoke run's and a smoke comparison's page opened in headless Chromium
/// load with no uncaught exception, console error or failed load; every plot decodes; each Markdown table and each CSV
/// beside the report is a table of the page with the same rows; a click on a header sorts; a screenshot is taken (kept
/// in <c>screenshots/</c> beside the test assembly). Chromium is required: CI installs it (.ci/run); the Cake build
/// leaves these tests out, with a warning, only where no Chromium is found and it cannot install one (not root).
/// </summary>
[Collection("Torch")]
public sealed partial class ReportInBrowserTests
{
    private static string Smoke(string name) => Path.Combine(AppContext.BaseDirectory, "configs", "smoke", name);

    private static void RequireChromium() =>
        Assert.True(Chromium.Unavailable() is null, Chromium.Unavailable());

    [Fact]
    public async Task The_browser_check_catches_an_exception_a_console_error_and_a_missing_image()
    {
        RequireChromium();
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("clean.html"), "<!DOCTYPE html><html><body><p>fine</p><script>console.log('hello');</script></body></html>");
        File.WriteAllText(temp.File("broken.html"), "<!DOCTYPE html><html><body><img src=\"missing.png\">" +
                                                    "<script>console.error('bad figure', 3);</script><script>notDefined();</script></body></html>");
        await using var browser = await HeadlessChromium.StartAsync();
        Assert.Empty(await browser.OpenAsync(temp.File("clean.html")));
        var problems = await browser.OpenAsync(temp.File("broken.html"));
        Assert.Contains(problems, p => p.StartsWith("console.error: bad figure 3", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("uncaught exception: ReferenceError: notDefined is not defined", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("missing.png", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_smoke_runs_report_opens_cleanly_with_every_csv_row_and_sorts_on_a_click()
    {
        RequireChromium();
        using var temp = new TempFolder();
        var (code, _, stderr) = Cli("run", Smoke("hytra.toml"), "--set", $"run.output=\"{temp.Path}\"");
        Assert.True(code == ExitCodes.Ok, stderr);
        var folder = Directory.GetDirectories(temp.File("smoke-hytra")).Single();
        var architecture = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "architecture.json"))).RootElement.GetProperty("architecture").GetString()!;

        await using var browser = await HeadlessChromium.StartAsync();
        var report = Path.Combine(folder, "report.html");
        Assert.Empty(await browser.OpenAsync(report));
        await CheckPage(browser, folder);
        Assert.Contains(architecture, (await browser.EvaluateAsync("document.body.innerText")).GetString());

        // Block 0's ratings, every row: a click on "score" sorts them up, a second click down, and no row is lost.
        const string Table = "document.querySelector('table.csv[data-file=\"ratings/ratings_block0.csv\"]')";
        var before = await Column(browser, Table, 1);
        Assert.True(before.Count > 1);
        await browser.EvaluateAsync($"{Table}.tHead.rows[0].cells[1].click()");
        var up = await Column(browser, Table, 1);
        Assert.Equal(before.Order(), up);
        await browser.EvaluateAsync($"{Table}.tHead.rows[0].cells[1].click()");
        Assert.Equal(before.OrderDescending(), await Column(browser, Table, 1));
        Assert.Equal("descending", (await browser.EvaluateAsync($"{Table}.tHead.rows[0].cells[1].getAttribute('aria-sort')")).GetString());
        Assert.Empty(browser.Problems());

        await Screenshot(browser, "smoke-run-report.png");
    }

    [Fact]
    public async Task A_smoke_comparisons_page_opens_cleanly_with_every_results_row()
    {
        RequireChromium();
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("bench"));
        File.Copy(Smoke("bench/benchmark.csv"), temp.File("bench/benchmark.csv"));
        File.Copy(Smoke("compare.toml"), temp.File("compare.toml"));
        var (code, _, stderr) = Cli("compare", temp.File("compare.toml"), "--arms", "ensemble_bootstrapping,spos");
        Assert.True(code == ExitCodes.Ok, stderr);
        var folder = temp.File("runs/smoke-compare");

        await using var browser = await HeadlessChromium.StartAsync();
        Assert.Empty(await browser.OpenAsync(Path.Combine(folder, "report.html")));
        var files = await CheckPage(browser, folder);
        Assert.Contains("results.csv", files);
        var arms = (await browser.EvaluateAsync(
                "Array.from(document.querySelector('table.csv[data-file=\"results.csv\"]').tBodies[0].rows, r => r.cells[0].textContent)"))
            .EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Equal(["ensemble_bootstrapping", "spos"], arms);
        // The accuracy-against-MAdds figure names each arm's found architecture on hover.
        foreach (var arm in arms)
            Assert.Contains(Tips, t => t.StartsWith($"{arm}, seed ", StringComparison.Ordinal));

        await Screenshot(browser, "smoke-comparison-report.png");
    }

    // The hover tips of every inline figure of the page last checked.
    private List<string> Tips { get; set; } = [];

    // The page against the files beside it: one table per Markdown table with its rows, one per CSV with every row
    // (cell by cell), every image decoded. Returns the CSV files the page shows.
    private async Task<List<string>> CheckPage(HeadlessChromium browser, string folder)
    {
        var markdown = File.ReadAllText(Path.Combine(folder, "report.md"));
        var expected = MarkdownTables(markdown);
        var shown = (await browser.EvaluateAsync(
                "Array.from(document.querySelectorAll('table:not(.csv)'), t => Array.from(t.tBodies[0].rows, r => Array.from(r.cells, c => c.textContent.trim())))"))
            .EnumerateArray().Select(t => t.EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToList()).ToList()).ToList();
        Assert.Equal(expected.Count, shown.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Count, shown[i].Count);
            Assert.Equal(expected[i].Select(r => r.Count), shown[i].Select(r => r.Count));
        }

        var csvFiles = Directory.GetFiles(folder, "*.csv")
            .Concat(Directory.Exists(Path.Combine(folder, "ratings")) ? Directory.GetFiles(Path.Combine(folder, "ratings"), "*.csv") : [])
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(csvFiles);
        var tables = (await browser.EvaluateAsync(
                "Array.from(document.querySelectorAll('table.csv'), t => ({ file: t.dataset.file, " +
                "rows: Array.from(t.rows, r => Array.from(r.cells, c => c.textContent)) }))"))
            .EnumerateArray().ToDictionary(t => t.GetProperty("file").GetString()!,
                t => t.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToList()).ToList());
        Assert.Equal(csvFiles, tables.Keys.Order(StringComparer.Ordinal));
        foreach (var file in csvFiles)
        {
            var lines = File.ReadAllLines(Path.Combine(folder, file)).Where(l => l.Length > 0).ToList();
            Assert.DoesNotContain(lines, l => l.Contains('"', StringComparison.Ordinal)); // plain fields: a split on commas reads them
            Assert.Equal(lines.Select(l => l.Split(',').ToList()), tables[file]);
        }

        var images = (await browser.EvaluateAsync("Array.from(document.images, i => i.complete ? i.naturalWidth : 0)"))
            .EnumerateArray().Select(w => w.GetInt32()).ToList();
        Assert.All(images, w => Assert.True(w > 0, "an image of the page did not decode"));
        // Scatter plots are inline SVG in place of their PNG: drawn (a size on the page), every point with its tip.
        var figures = (await browser.EvaluateAsync(
                "Array.from(document.querySelectorAll('svg." + ScatterSvg.RootClass + "'), f => ({ width: f.getBoundingClientRect().width, " +
                "tips: Array.from(f.querySelectorAll('.pt'), p => p.querySelector('title').textContent) }))"))
            .EnumerateArray().ToList();
        Assert.Equal(Regex.Matches(markdown, @"!\[").Count, images.Count + figures.Count);
        foreach (var figure in figures)
        {
            Assert.True(figure.GetProperty("width").GetDouble() > 0, "an inline figure is not drawn");
            var tips = figure.GetProperty("tips").EnumerateArray().Select(t => t.GetString()).ToList();
            Assert.NotEmpty(tips);
            Assert.All(tips, t => Assert.False(string.IsNullOrWhiteSpace(t)));
        }
        Tips = figures.SelectMany(f => f.GetProperty("tips").EnumerateArray().Select(t => t.GetString()!)).ToList();
        return csvFiles;
    }

    // The body rows of each pipe table of the Markdown, cells split on unescaped pipes.
    private static List<List<List<string>>> MarkdownTables(string markdown)
    {
        var tables = new List<List<List<string>>>();
        List<List<string>>? current = null;
        var lines = markdown.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].StartsWith("|---", StringComparison.Ordinal)) { current = []; tables.Add(current); continue; }
            if (current is not null && lines[i].StartsWith('|'))
                current.Add(UnescapedPipe().Split(lines[i].Trim().Trim('|')).Select(c => c.Trim()).ToList());
            else current = null;
        }
        return tables;
    }

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex UnescapedPipe();

    private static async Task<List<double>> Column(HeadlessChromium browser, string table, int column) =>
        (await browser.EvaluateAsync($"Array.from({table}.tBodies[0].rows, r => r.cells[{column}].textContent)"))
        .EnumerateArray().Select(c => double.Parse(c.GetString()!, CultureInfo.InvariantCulture)).ToList();

    // A screenshot of the page's top, kept beside the test assembly; it must be a real picture, not a blank one.
    private static async Task Screenshot(HeadlessChromium browser, string name)
    {
        var png = await browser.ScreenshotAsync(maxHeight: 2400);
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(folder, name), png);
        var image = ImageResult.FromMemory(png, ColorComponents.RedGreenBlue);
        Assert.Equal(1280, image.Width);
        Assert.True(image.Height >= 900, $"{image.Height} px high");
        var colours = new HashSet<int>();
        for (int p = 0; p + 2 < image.Data.Length; p += 3) colours.Add(image.Data[p] << 16 | image.Data[p + 1] << 8 | image.Data[p + 2]);
        Assert.True(colours.Count > 50, $"the screenshot has {colours.Count} colours: a blank page?");
    }

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = BossNasCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
