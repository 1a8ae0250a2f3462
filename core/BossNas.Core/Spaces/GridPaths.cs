using BossNas.Core.Architectures;
using BossNas.Core.Context;
using BossNas.Core.Spaces;

namespace BossNas.Core.Spaces;

/// <summary>
/// Paths of "grid" spaces, where every layer of a block picks one of the same K ops independently of the other
/// layers and of earlier blocks (MBConv, NATS size): enumeration, uniform and strict-fair sampling, validation.
/// Used by <see cref="GridSearchSpace"/>; public for spaces that need only part of it.
/// </summary>
public static class GridPaths
{
    /// <summary>Most paths a block may have to be enumerated.</summary>
    public const int MaxEnumerated = 1 << 24;

    /// <summary>Every path of a block of <paramref name="layers"/> layers, in lexicographic order (layer 0 most significant).</summary>
    public static IReadOnlyList<BlockPath> All(int layers, int ops)
    {
        double total = Math.Pow(ops, layers);
        if (total > MaxEnumerated)
            throw new InvalidOperationException($"a block of {layers} layers with {ops} ops has {total:G} paths, too many to enumerate");
        var paths = new BlockPath[(int)total];
        for (int i = 0; i < paths.Length; i++) paths[i] = Decode(i, layers, ops);
        return paths;
    }

    /// <summary>The path whose lexicographic index is <paramref name="index"/>.</summary>
    public static BlockPath Decode(long index, int layers, int ops)
    {
        var digits = new int[layers];
        for (int l = layers - 1; l >= 0; l--)
        {
            digits[l] = (int)(index % ops);
            index /= ops;
        }
        return new BlockPath(digits);
    }

    /// <summary>One path with every layer's op drawn uniformly (so the path is uniform over all of them).</summary>
    public static BlockPath Uniform(int layers, int ops, SeededRandom rng)
    {
        var digits = new int[layers];
        for (int l = 0; l < layers; l++) digits[l] = rng.Next(ops);
        return new BlockPath(digits);
    }

    /// <summary>
    /// <see cref="PathSampling.Uniform"/>: <paramref name="count"/> distinct paths drawn uniformly without replacement.
    /// <see cref="PathSampling.StrictFair"/> (FairNAS): <paramref name="ops"/> paths built from one random permutation
    /// of the ops per layer, so each op of each layer appears exactly once.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">More distinct paths are asked for than the block has.</exception>
    public static IReadOnlyList<BlockPath> Sample(int layers, int ops, int count, PathSampling mode, SeededRandom rng)
    {
        if (mode == PathSampling.StrictFair)
        {
            var perms = new int[layers][];
            for (int l = 0; l < layers; l++) perms[l] = rng.Permutation(ops);
            return Enumerable.Range(0, ops).Select(j => new BlockPath(perms.Select(p => p[j]))).ToArray();
        }

        double total = Math.Pow(ops, layers);
        if (count < 0 || count > total)
            throw new ArgumentOutOfRangeException(nameof(count),
                $"cannot draw {count} distinct paths from a block of {layers} layers x {ops} ops ({total:G} paths)");
        if (total <= 4096)
            return rng.SampleWithoutReplacement((int)total, count).Select(i => Decode(i, layers, ops)).ToArray();

        // Large blocks: rejection keeps memory at O(count) and the draw uniform.
        var seen = new HashSet<BlockPath>();
        var result = new List<BlockPath>(count);
        while (result.Count < count)
        {
            var p = Uniform(layers, ops, rng);
            if (seen.Add(p)) result.Add(p);
        }
        return result;
    }

    /// <summary>Checks block count, per-block lengths and op range; null when valid.</summary>
    public static string? Validate(Architecture architecture, IReadOnlyList<int> blockLayers, int ops, bool allowPartial)
    {
        int n = architecture.Blocks.Count;
        if (n > blockLayers.Count) return $"the space has {blockLayers.Count} blocks, the architecture {n}";
        if (!allowPartial && n != blockLayers.Count) return $"the space has {blockLayers.Count} blocks, the architecture {n}";
        for (int b = 0; b < n; b++)
        {
            var path = architecture.Blocks[b];
            if (path.Length != blockLayers[b])
                return $"block {b} has {blockLayers[b]} layers, its path '{path}' has {path.Length}";
            for (int l = 0; l < path.Length; l++)
                if (path[l] >= ops)
                    return $"block {b} layer {l}: op {path[l]} is not one of the {ops} ops (0..{ops - 1})";
        }
        return null;
    }

    /// <summary>Throws when <paramref name="prefix"/> does not hold exactly <paramref name="block"/> valid blocks.</summary>
    public static void RequirePrefix(int block, Architecture prefix, IReadOnlyList<int> blockLayers, int ops)
    {
        if (block < 0 || block >= blockLayers.Count)
            throw new ArgumentOutOfRangeException(nameof(block), $"block {block} is not one of 0..{blockLayers.Count - 1}");
        if (prefix.Blocks.Count != block)
            throw new ArgumentException($"the prefix of block {block} must hold {block} blocks, not {prefix.Blocks.Count} ('{prefix}')", nameof(prefix));
        if (Validate(prefix, blockLayers, ops, allowPartial: true) is { } reason)
            throw new ArgumentException($"invalid prefix '{prefix}': {reason}", nameof(prefix));
    }
}
