namespace BossNas.Tests.Support.Browser;

/// <summary>
/// Where the Chromium binary is: <c>BOSSNAS_CHROMIUM</c> when set, else the first of <c>chromium</c> (Debian's
/// package), <c>chromium-browser</c> and <c>google-chrome</c> on the PATH.
/// </summary>
public static class Chromium
{
    private static readonly string[] Names = ["chromium", "chromium-browser", "google-chrome"];

    /// <summary>The binary's path, or null when there is none.</summary>
    public static string? Binary()
    {
        if (Environment.GetEnvironmentVariable("BOSSNAS_CHROMIUM") is { Length: > 0 } set)
            return File.Exists(set) ? set : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => Names.Select(n => Path.Combine(dir, n)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Why no browser can be started (one line), or null when one can.</summary>
    public static string? Unavailable() => Binary() is null
        ? "no Chromium found (BOSSNAS_CHROMIUM, or chromium / chromium-browser / google-chrome on the PATH); " +
          "install it with `apt-get install -y chromium` (.ci/run does)"
        : null;
}
