using BossNas.Core.Architectures;

namespace BossNas.Plugins.ZeroCost;

/// <summary>
/// The seed an architecture's network is initialised with: a hash of the run seed and the architecture's string, so a
/// score depends on neither the order nor the company an architecture is rated in, and every proxy of one run sees the
/// same initial network of an architecture.
/// </summary>
public static class ArchitectureSeed
{
    /// <summary>The libtorch seed of <paramref name="architecture"/> in a run seeded <paramref name="runSeed"/>.</summary>
    public static long Of(long runSeed, Architecture architecture)
    {
        // FNV-1a of the string (stable across processes, unlike string.GetHashCode), then splitmix64's finaliser.
        ulong h = 14695981039346656037UL;
        foreach (char c in architecture.ToString()) h = (h ^ c) * 1099511628211UL;
        ulong z = h ^ (ulong)runSeed;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (long)((z ^ (z >> 31)) >> 1);
    }
}
