using BossNas.Core.Architectures;

namespace BossNas.Core.Spaces;

/// <summary>
/// Largest and smallest architectures of a block-structured space by MAdds, found block by block: each block takes
/// the candidate whose architecture, completed greedily by the later blocks in the same direction, costs most (or
/// least). Exact when every layer's cost grows with its own choice whatever the others are (NATS widths, MBConv
/// kernels and expansions); spaces for which it is not override <see cref="ISearchSpace.Largest"/>.
/// </summary>
public static class SpaceExtremes
{
    /// <summary>The most expensive architecture.</summary>
    public static Architecture Largest(ISearchSpace space, InputShape input) => Extreme(space, input, largest: true);

    /// <summary>The cheapest architecture.</summary>
    public static Architecture Smallest(ISearchSpace space, InputShape input) => Extreme(space, input, largest: false);

    private static Architecture Extreme(ISearchSpace space, InputShape input, bool largest)
    {
        var arch = Architecture.Empty;
        for (int b = 0; b < space.Blocks.Count; b++)
        {
            var prefix = arch;
            var scored = space.CandidatePaths(b, prefix)
                .Select(p => (Path: p, MAdds: space.Cost(Complete(space, input, prefix.Append(p), largest), input).MAdds));
            var best = largest ? scored.MaxBy(x => x.MAdds) : scored.MinBy(x => x.MAdds);
            arch = prefix.Append(best.Path);
        }
        return arch;
    }

    // Later blocks: per block the candidate that costs most (least) when the rest take their first candidates.
    private static Architecture Complete(ISearchSpace space, InputShape input, Architecture partial, bool largest)
    {
        var arch = partial;
        for (int b = arch.Blocks.Count; b < space.Blocks.Count; b++)
        {
            var a = arch;
            var options = space.CandidatePaths(b, a).Select(p => a.Append(p));
            arch = largest
                ? options.MaxBy(x => space.Cost(CheapestCompletion.FirstCandidates(space, x), input).MAdds)!
                : options.MinBy(x => space.Cost(CheapestCompletion.FirstCandidates(space, x), input).MAdds)!;
        }
        return arch;
    }
}
