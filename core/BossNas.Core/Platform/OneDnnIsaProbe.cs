using System.Globalization;
using System.Text.Json;

namespace BossNas.Core.Platform;

/// <summary>The oneDNN instruction set a process runs with and why.</summary>
/// <param name="Isa">The <c>ONEDNN_MAX_CPU_ISA</c> value, or null for oneDNN's default (the best the CPU has).</param>
/// <param name="Reason">One line for the log.</param>
public sealed record OneDnnChoice(string? Isa, string Reason)
{
    /// <summary>The ISA as the log shows it.</summary>
    public string Name => Isa ?? "default (best the CPU offers)";
}

/// <summary>
/// Chooses the highest oneDNN ISA whose convolution kernels pass <see cref="KernelCheck"/> on this CPU: oneDNN's
/// default first, then AVX-512, AVX2, AVX and SSE4.1 caps, skipping those the CPU lacks. oneDNN fixes its ISA when it
/// first runs, so each candidate is checked in a fresh process (<see cref="CheckAt"/>). The verdict is cached per CPU
/// model and flags and TorchSharp version, so the probe runs once per machine and library.
/// </summary>
public sealed class OneDnnIsaProbe
{
    /// <summary>Bumped when the check changes, so old verdicts are not trusted.</summary>
    private const int CheckVersion = 1;

    /// <summary>The candidate caps from highest to lowest, with the CPU flag each needs (null: oneDNN's default).</summary>
    public static readonly IReadOnlyList<(string? Isa, string? Flag)> Ladder =
        [(null, null), ("AVX512_CORE", "avx512f"), ("AVX2", "avx2"), ("AVX", "avx"), ("SSE41", "sse4_1")];

    /// <summary>Runs the kernel check at one ISA (null: default) in a fresh process.</summary>
    public required Func<string?, KernelCheckResult> CheckAt { get; init; }

    /// <summary>The CPU's flags (from /proc/cpuinfo); an ISA whose flag is missing is skipped.</summary>
    public IReadOnlySet<string> CpuFlags { get; init; } = CpuInfo.Flags();

    /// <summary>Where verdicts are cached; null disables the cache.</summary>
    public string? CacheFile { get; init; } = DefaultCacheFile();

    /// <summary>The chosen ISA: the cached verdict, or the first rung of <see cref="Ladder"/> whose check passes.</summary>
    /// <exception cref="InvalidOperationException">No ISA passes.</exception>
    public OneDnnChoice Choose()
    {
        if (CacheFile is not null && File.Exists(CacheFile))
        {
            try
            {
                var cached = JsonSerializer.Deserialize<OneDnnChoice>(File.ReadAllText(CacheFile));
                if (cached is not null) return cached with { Reason = cached.Reason + " (cached in " + CacheFile + ")" };
            }
            catch (JsonException)
            {
                // A damaged cache is probed again.
            }
        }
        var failed = new List<string>();
        foreach (var (isa, flag) in Ladder)
        {
            if (flag is not null && !CpuFlags.Contains(flag)) continue;
            var result = CheckAt(isa);
            if (!result.Passed)
            {
                failed.Add($"{isa ?? "default"} {result}");
                continue;
            }
            var reason = failed.Count == 0
                ? $"kernel check {result}"
                : $"kernel check at {isa} {result}; rejected: {string.Join("; ", failed)}";
            var choice = new OneDnnChoice(isa, reason);
            Save(choice);
            return choice;
        }
        throw new InvalidOperationException("no oneDNN ISA gives correct convolutions on this CPU: " + string.Join("; ", failed));
    }

    private void Save(OneDnnChoice choice)
    {
        if (CacheFile is null) return;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(CacheFile)!);
            var tmp = CacheFile + "." + Environment.ProcessId + ".tmp";
            File.WriteAllText(tmp, JsonSerializer.Serialize(choice));
            File.Move(tmp, CacheFile, overwrite: true);
        }
        catch (IOException)
        {
            // Not cached: the next process probes again.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// <c>$BOSSNAS_CACHE</c> or <c>$XDG_CACHE_HOME/bossnas</c> or <c>~/.cache/bossnas</c>, one file per CPU signature and
    /// TorchSharp version.
    /// </summary>
    public static string DefaultCacheFile() =>
        Path.Combine(CpuInfo.CacheRoot(), $"onednn-isa-{CpuInfo.Signature(CheckVersion.ToString(CultureInfo.InvariantCulture))}.json");
}
