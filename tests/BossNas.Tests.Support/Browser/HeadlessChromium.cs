using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BossNas.Tests.Support.Browser;

/// <summary>
/// A headless Chromium started for a test, driven over the DevTools protocol on the loopback: opens a local file,
/// lists what went wrong while it loaded (uncaught exceptions, console errors, failed loads the browser logs as
/// errors), evaluates script in the page and takes PNG screenshots. Disposing ends the browser it started.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly TempFolder _profile;
    private readonly StringBuilder _stderr;
    private DevToolsSession? _page;

    private HeadlessChromium(Process process, TempFolder profile, StringBuilder stderr)
    {
        _process = process;
        _profile = profile;
        _stderr = stderr;
    }

    /// <summary>The page, once connected.</summary>
    public DevToolsSession Page => _page ?? throw new InvalidOperationException("not connected");

    /// <summary>Starts a browser with a fresh profile and a <paramref name="width"/> × <paramref name="height"/> viewport.</summary>
    public static async Task<HeadlessChromium> StartAsync(int width = 1280, int height = 900)
    {
        var binary = Chromium.Binary() ?? throw new InvalidOperationException(Chromium.Unavailable());
        var profile = new TempFolder();
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0", $"--user-data-dir={profile.Path}",
                     "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
                     $"--window-size={width},{height}", "about:blank",
                 })
            info.ArgumentList.Add(a);
        var stderr = new StringBuilder();
        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var browser = new HeadlessChromium(process, profile, stderr);
        try
        {
            await browser.ConnectAsync(width, height);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    private async Task ConnectAsync(int width, int height)
    {
        var portFile = _profile.File("DevToolsActivePort");
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!File.Exists(portFile) || File.ReadAllLines(portFile).Length < 2)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Chromium exited with code {_process.ExitCode}: {StderrTail()}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Chromium opened no DevTools port within {StartTimeout.TotalSeconds:F0} s: {StderrTail()}");
            await Task.Delay(100);
        }
        int port = int.Parse(File.ReadAllLines(portFile)[0], System.Globalization.CultureInfo.InvariantCulture);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var targets = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list"));
        var page = targets.RootElement.EnumerateArray().First(t => t.GetProperty("type").GetString() == "page");
        _page = await DevToolsSession.ConnectAsync(new Uri(page.GetProperty("webSocketDebuggerUrl").GetString()!), TimeSpan.FromSeconds(30));
        foreach (var domain in new[] { "Page.enable", "Runtime.enable", "Log.enable" }) await _page.SendAsync(domain);
        await _page.SendAsync("Emulation.setDeviceMetricsOverride",
            new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false });
    }

    /// <summary>Opens a local file and waits for its load event; returns what went wrong while it loaded (empty when nothing did).</summary>
    public async Task<IReadOnlyList<string>> OpenAsync(string file)
    {
        int mark = Page.Events.Count;
        var url = new Uri(Path.GetFullPath(file)).AbsoluteUri;
        var navigated = await Page.SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        if (navigated.TryGetProperty("errorText", out var error)) return [$"navigation to {url} failed: {error.GetString()}"];
        await Page.WaitForEventAsync("Page.loadEventFired", mark, TimeSpan.FromSeconds(60));
        // Replies come after the events sent before them: once this returns, what loading logged is in.
        await EvaluateAsync("document.readyState");
        return Problems(mark);
    }

    /// <summary>What went wrong in the page after its first <paramref name="after"/> events (uncaught exceptions, console errors, errors the browser logged).</summary>
    public IReadOnlyList<string> Problems(int after = 0) =>
        Page.Events.Skip(after).Select(e => Problem(e.Method, e.Params)).OfType<string>().ToList();

    // One line for an event that reports a fault, null for any other.
    private static string? Problem(string method, JsonElement p) => method switch
    {
        "Runtime.exceptionThrown" => "uncaught exception: " + (p.GetProperty("exceptionDetails").TryGetProperty("exception", out var ex)
                                                                  && ex.TryGetProperty("description", out var d) ? d.GetString()
            : p.GetProperty("exceptionDetails").GetProperty("text").GetString()),
        "Runtime.consoleAPICalled" when p.GetProperty("type").GetString() is "error" or "assert" =>
            $"console.{p.GetProperty("type").GetString()}: " + string.Join(" ", p.GetProperty("args").EnumerateArray()
                .Select(a => a.TryGetProperty("value", out var v) ? v.ToString() : a.TryGetProperty("description", out var s) ? s.GetString() : "?")),
        "Log.entryAdded" when p.GetProperty("entry").GetProperty("level").GetString() == "error" =>
            $"{p.GetProperty("entry").GetProperty("source").GetString()} error: {p.GetProperty("entry").GetProperty("text").GetString()}" +
            (p.GetProperty("entry").TryGetProperty("url", out var u) ? $" ({u.GetString()})" : ""),
        _ => null,
    };

    /// <summary>Evaluates <paramref name="expression"/> in the page; its value as JSON (an exception thrown there is one here).</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await Page.SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result.TryGetProperty("exceptionDetails", out var details))
            throw new InvalidOperationException($"script failed in the page: {details}");
        var value = result.GetProperty("result");
        return value.TryGetProperty("value", out var v) ? v.Clone() : default;
    }

    /// <summary>A PNG of the viewport, or of the page from its top down to <paramref name="maxHeight"/> pixels when that is more.</summary>
    public async Task<byte[]> ScreenshotAsync(int? maxHeight = null)
    {
        var parameters = new JsonObject { ["format"] = "png" };
        if (maxHeight is { } cap)
        {
            var size = (await Page.SendAsync("Page.getLayoutMetrics")).GetProperty("cssContentSize");
            parameters["captureBeyondViewport"] = true;
            parameters["clip"] = new JsonObject
            {
                ["x"] = 0, ["y"] = 0, ["scale"] = 1,
                ["width"] = size.GetProperty("width").GetDouble(),
                ["height"] = Math.Min(size.GetProperty("height").GetDouble(), cap),
            };
        }
        var shot = await Page.SendAsync("Page.captureScreenshot", parameters);
        return Convert.FromBase64String(shot.GetProperty("data").GetString()!);
    }

    private string StderrTail()
    {
        lock (_stderr)
        {
            var text = _stderr.ToString().Trim();
            return text.Length > 2000 ? text[^2000..] : text;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_page is not null) await _page.DisposeAsync();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
        }
        _process.Dispose();
        _profile.Dispose();
    }
}
