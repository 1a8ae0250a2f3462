using BossNas.Core.Architectures;
using BossNas.Core.Context;
using BossNas.Core.Spaces;

namespace BossNas.Plugins.Searchers;

/// <summary>
/// SPOS/BN-NAS's genetic operators on the genes of an architecture (one gene per layer: its op index, in block and
/// layer order). A proposal may be invalid in spaces whose paths depend on earlier blocks; the searcher rejects it like
/// any illegal candidate.
/// </summary>
internal static class EvolutionOperators
{
    /// <summary>Each gene is redrawn uniformly among its layer's choices with probability <paramref name="probability"/> (it may draw the same op).</summary>
    public static Architecture Mutate(ISearchSpace space, Architecture parent, double probability, SeededRandom rng) =>
        new(parent.Blocks.Select((path, b) => new BlockPath(path.Ops.Select((op, l) =>
            rng.NextDouble() < probability ? rng.Next(space.Blocks[b].ChoiceNames[l].Count) : op))));

    /// <summary>Each gene is taken from <paramref name="first"/> or <paramref name="second"/> with probability one half.</summary>
    public static Architecture Crossover(Architecture first, Architecture second, SeededRandom rng) =>
        new(first.Blocks.Select((path, b) => new BlockPath(path.Ops.Select((op, l) =>
            rng.Next(2) == 0 ? op : second.Blocks[b][l]))));
}
