using BossNas.Core.Architectures;
using BossNas.Core.Context;
using BossNas.Core.Spaces;

namespace BossNas.Engine.Benchmarks;

/// <summary>
/// Which architectures a ground-truth benchmark trains: stratified by cost so that cheap and expensive networks are
/// equally represented (a uniform draw from a grid space crowds the middle), with the largest and smallest included.
/// </summary>
public static class BenchmarkSelection
{
    /// <summary>Largest space enumerated; bigger spaces are sampled.</summary>
    public const int EnumerationLimit = 200_000;

    /// <summary>Every architecture of <paramref name="space"/>, block by block in the space's stable order.</summary>
    /// <exception cref="InvalidOperationException">The space has more than <see cref="EnumerationLimit"/> architectures.</exception>
    public static IReadOnlyList<Architecture> Enumerate(ISearchSpace space)
    {
        if (space.CountArchitectures() > EnumerationLimit)
            throw new InvalidOperationException($"the space has {space.CountArchitectures():G3} architectures; a benchmark enumerates at most {EnumerationLimit}");
        var all = new List<Architecture>();
        void Extend(Architecture prefix)
        {
            if (prefix.Blocks.Count == space.Blocks.Count)
            {
                all.Add(prefix);
                return;
            }
            foreach (var path in space.CandidatePaths(prefix.Blocks.Count, prefix)) Extend(prefix.Append(path));
        }
        Extend(Architecture.Empty);
        return all;
    }

    /// <summary>
    /// <paramref name="count"/> architectures: the cheapest and the most expensive by MAdds, and one drawn at random
    /// from each of <c>count − 2</c> equal-sized strata of the rest sorted by MAdds. Ordered by MAdds.
    /// </summary>
    public static IReadOnlyList<(Architecture Architecture, Cost Cost)> Stratified(ISearchSpace space, InputShape input, int count, ulong seed)
    {
        var ranked = Enumerate(space).Select(a => (Architecture: a, Cost: space.Cost(a, input)))
            .OrderBy(x => x.Cost.MAdds).ThenBy(x => x.Architecture.ToString(), StringComparer.Ordinal).ToList();
        if (count >= ranked.Count) return ranked;
        if (count < 2) throw new ArgumentOutOfRangeException(nameof(count), "a benchmark holds at least the smallest and the largest architecture");
        var chosen = new List<(Architecture, Cost)> { ranked[0] };
        var inner = ranked.GetRange(1, ranked.Count - 2);
        var rng = new SeededRandom(seed);
        int strata = count - 2;
        for (int s = 0; s < strata; s++)
        {
            int start = (int)((long)s * inner.Count / strata), end = (int)((long)(s + 1) * inner.Count / strata);
            chosen.Add(inner[start + rng.Next(end - start)]);
        }
        chosen.Add(ranked[^1]);
        return chosen;
    }

    /// <summary>
    /// <paramref name="count"/> of <paramref name="chosen"/> (ordered by cost) spread evenly over it, for the repeated
    /// seed that measures the benchmark's noise.
    /// </summary>
    public static IReadOnlyList<Architecture> Repeats(IReadOnlyList<Architecture> chosen, int count) =>
        SpreadIndices(chosen.Count, count).Select(i => chosen[i]).ToList();

    /// <summary><paramref name="count"/> indices of <paramref name="n"/> spread evenly, the first and last included.</summary>
    public static IReadOnlyList<int> SpreadIndices(int n, int count)
    {
        if (count >= n) return Enumerable.Range(0, n).ToList();
        if (count <= 0) return [];
        if (count == 1) return [0];
        return Enumerable.Range(0, count).Select(i => (int)Math.Round(i * (n - 1) / (double)(count - 1))).ToList();
    }
}
