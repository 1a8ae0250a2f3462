using BossNas.Core.Architectures;

namespace BossNas.Core.Spaces;

/// <summary>
/// The least a partial architecture commits to: its cost when every later block takes, in turn, the candidate whose
/// cheapest-first completion has the fewest MAdds (greedy). Used for cost caps of block-wise searchers and for the
/// cost shown next to a block candidate's rating.
/// </summary>
public static class CheapestCompletion
{
    /// <summary>Cost of <paramref name="partial"/> completed by the cheapest later blocks.</summary>
    public static Cost Of(ISearchSpace space, InputShape input, Architecture partial) => space.Cost(Complete(space, input, partial), input);

    /// <summary>
    /// <paramref name="partial"/> completed by the cheapest later blocks: the whole architecture whose cost
    /// <see cref="Of"/> gives, on which any other cost metric of a block candidate is computed.
    /// </summary>
    public static Architecture Complete(ISearchSpace space, InputShape input, Architecture partial)
    {
        var arch = partial;
        for (int b = arch.Blocks.Count; b < space.Blocks.Count; b++)
        {
            var a = arch;
            arch = space.CandidatePaths(b, a).Select(p => a.Append(p))
                .MinBy(x => space.Cost(FirstCandidates(space, x), input).MAdds)!;
        }
        return arch;
    }

    /// <summary><paramref name="partial"/> completed by the first candidate of each later block.</summary>
    public static Architecture FirstCandidates(ISearchSpace space, Architecture partial)
    {
        var arch = partial;
        for (int b = arch.Blocks.Count; b < space.Blocks.Count; b++) arch = arch.Append(space.CandidatePaths(b, arch)[0]);
        return arch;
    }
}
