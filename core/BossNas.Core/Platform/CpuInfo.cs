using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BossNas.Core.Platform;

/// <summary>The CPU model and flags from <c>/proc/cpuinfo</c> (empty elsewhere).</summary>
public static class CpuInfo
{
    /// <summary>The CPU model name (<c>unknown</c> where /proc/cpuinfo is missing).</summary>
    public static string Model() => Field("model name") ?? "unknown";

    /// <summary>The CPU's feature flags.</summary>
    public static IReadOnlySet<string> Flags() =>
        (Field("flags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>The TorchSharp version this process runs (libtorch comes with it).</summary>
    public static string TorchSharpVersion() => typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "?";

    /// <summary>
    /// A short hash of this machine and library: CPU model and flags, TorchSharp version, and <paramref name="extra"/>
    /// (what else the cached result depends on). Per-machine caches (the oneDNN verdict, latency tables) are named by it.
    /// </summary>
    public static string Signature(string extra)
    {
        var signature = string.Create(CultureInfo.InvariantCulture,
            $"{extra}|{Model()}|{string.Join(' ', Flags().Order(StringComparer.Ordinal))}|{TorchSharpVersion()}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(signature)))[..16];
    }

    /// <summary><c>$BOSSNAS_CACHE</c> or <c>$XDG_CACHE_HOME/bossnas</c> or <c>~/.cache/bossnas</c>: where per-machine results are cached.</summary>
    public static string CacheRoot() =>
        Environment.GetEnvironmentVariable("BOSSNAS_CACHE") is { Length: > 0 } b ? b
        : Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } x ? Path.Combine(x, "bossnas")
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "bossnas");

    private static string? Field(string name)
    {
        if (!File.Exists("/proc/cpuinfo")) return null;
        foreach (var line in File.ReadLines("/proc/cpuinfo"))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim() == name) return line[(colon + 1)..].Trim();
        }
        return null;
    }
}
