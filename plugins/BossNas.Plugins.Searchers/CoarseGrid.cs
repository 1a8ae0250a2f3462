using BossNas.Core.Architectures;
using BossNas.Core.Spaces;

namespace BossNas.Plugins.Searchers;

/// <summary>
/// BigNAS's coarse grid over any block-structured space. BigNAS fixes a few global settings (one resolution, one width
/// multiplier, one depth, one kernel size for all stages) before it tunes stages one by one; here a layer's position
/// within blocks of one shape plays the part of a setting: the layers at position l of every block with L layers form
/// a group, and a grid point gives each group one level, taken as the same fraction along every member layer's choice
/// list (with stage-wise width lists of different lengths, "the first", "the middle" and "the last" still match).
/// </summary>
internal static class CoarseGrid
{
    /// <summary>The groups: (layers in the block, position) → the (block, layer) pairs in it, in block order.</summary>
    public static List<List<(int Block, int Layer)>> Groups(ISearchSpace space) =>
        space.Blocks.SelectMany(b => Enumerable.Range(0, b.Layers).Select(l => (Key: (b.Layers, l), Gene: (b.Index, l))))
            .GroupBy(x => x.Key).Select(g => g.Select(x => x.Gene).ToList()).ToList();

    /// <summary>Levels a group really has: no more than its longest choice list.</summary>
    public static int LevelsOf(ISearchSpace space, List<(int Block, int Layer)> group, int levels) =>
        Math.Min(levels, group.Max(g => space.Blocks[g.Block].ChoiceNames[g.Layer].Count));

    /// <summary>Grid points before de-duplication and validity: the product of every group's levels.</summary>
    public static double Size(ISearchSpace space, int levels) =>
        Groups(space).Aggregate(1.0, (n, g) => n * LevelsOf(space, g, levels));

    /// <summary>
    /// The grid's distinct valid architectures, in a fixed order (the first group varies slowest). Level i of
    /// <paramref name="levels"/> takes choice round(i / (levels − 1) · (n − 1)) of a layer with n choices.
    /// </summary>
    public static List<Architecture> Expand(ISearchSpace space, int levels)
    {
        var groups = Groups(space);
        var counts = groups.Select(g => LevelsOf(space, g, levels)).ToArray();
        var result = new List<Architecture>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var level = new int[groups.Count];
        while (true)
        {
            var genes = space.Blocks.Select(b => new int[b.Layers]).ToArray();
            for (int g = 0; g < groups.Count; g++)
                foreach (var (block, layer) in groups[g])
                {
                    int n = space.Blocks[block].ChoiceNames[layer].Count;
                    genes[block][layer] = counts[g] == 1 ? 0 : (int)Math.Round(level[g] / (double)(counts[g] - 1) * (n - 1), MidpointRounding.AwayFromZero);
                }
            var arch = new Architecture(genes.Select(ops => new BlockPath(ops)));
            if (space.Validate(arch) is null && seen.Add(arch.ToString())) result.Add(arch);
            int d = groups.Count - 1;
            while (d >= 0 && ++level[d] == counts[d]) level[d--] = 0;
            if (d < 0) return result;
        }
    }
}
