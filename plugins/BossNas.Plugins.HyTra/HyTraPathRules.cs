using BossNas.Core.Architectures;

namespace BossNas.Plugins.HyTra;

/// <summary>How the input of a layer arrives at its op.</summary>
internal enum Entry
{
    /// <summary>From the stem, through a per-level adapter (first layer of block 0).</summary>
    Stem,

    /// <summary>At the op's own level.</summary>
    Same,

    /// <summary>From the next finer level: the op's stride-2 <c>_d</c> branch halves the map.</summary>
    Down,
}

/// <summary>
/// The HyTra path rules, generated rather than listed. Within a block a path keeps its level or goes one level
/// coarser per layer. A block's paths are those of BossNAS's list for "max level" = the level where the previous
/// block ended (block 0: the stem's, the finest), which start at that level or one coarser (the
/// <c>restricted_path</c> rule); with <c>path_rule = "all"</c> block 0 may start at any level (<c>all_path</c>),
/// as its stem adapters reach every level. A block can only continue from a level it offers
/// (<c>stage_depths</c>); paths that end where the next block cannot continue (BossNAS's latent crashes, e.g.
/// block 0 = 5555 or block 1 = 4444) complete no architecture, so they are left out of the candidates. With the
/// paper's settings the lists have 51 / 99 / 80 / 16 paths (all: 131 / 115 / 80 / 16) and there are 1,615,872
/// complete architectures.
/// </summary>
internal sealed class HyTraPathRules
{
    private readonly HyTraLayout _layout;
    private readonly Dictionary<(int Block, int Incoming), IReadOnlyList<BlockPath>> _rule = new();
    private readonly Dictionary<(int Block, int Incoming), IReadOnlyList<BlockPath>> _candidates = new();
    private readonly Dictionary<(int Block, int Incoming), double> _completions = new();
    private readonly object _lock = new();

    public HyTraPathRules(HyTraLayout layout) => _layout = layout;

    /// <summary>
    /// Every path of <paramref name="layers"/> layers over levels 0..<paramref name="maxLevel"/> that never goes
    /// finer and drops at most one level per layer, starting at <paramref name="maxLevel"/> or one below (or at any
    /// level when <paramref name="anyStart"/>), in lexicographic op order.
    /// </summary>
    public static IReadOnlyList<BlockPath> Generate(HyTraLayout layout, int maxLevel, int layers, bool anyStart)
    {
        var result = new List<BlockPath>();
        var ops = new int[layers];
        void Extend(int layer, int level)
        {
            foreach (var op in layout.OpsAt(level))
            {
                ops[layer] = op.Index;
                if (layer + 1 == layers) result.Add(new BlockPath(ops));
                else
                {
                    Extend(layer + 1, level);
                    if (level > 0) Extend(layer + 1, level - 1);
                }
            }
        }
        int lowest = anyStart ? 0 : Math.Max(0, maxLevel - 1);
        for (int start = lowest; start <= maxLevel; start++) Extend(0, start);
        result.Sort((a, b) => Compare(a, b));
        return result;
    }

    private static int Compare(BlockPath a, BlockPath b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            int c = a[i].CompareTo(b[i]);
            if (c != 0) return c;
        }
        return 0;
    }

    /// <summary>The level a block's input arrives at: the stem's for block 0, else where the block before ended.</summary>
    public int Incoming(int block, Architecture prefix) =>
        block == 0 ? _layout.Finest : _layout.LevelOf(prefix.Blocks[block - 1].Last);

    /// <summary>The paths the rule allows for a block, dead ends included (BossNAS's list for this block).</summary>
    public IReadOnlyList<BlockPath> RulePaths(int block, int incoming)
    {
        lock (_lock)
        {
            if (_rule.TryGetValue((block, incoming), out var cached)) return cached;
            // A block continues from a level it offers; block 0 offers every level (stage_depths[0] = levels).
            var list = incoming >= _layout.StageDepths[block]
                ? Array.Empty<BlockPath>()
                : Generate(_layout, incoming, _layout.LayersPerBlock, block == 0 && _layout.AnyStartInBlock0);
            _rule[(block, incoming)] = list;
            return list;
        }
    }

    /// <summary>The candidate paths: the rule's paths from which a complete architecture can still be built.</summary>
    public IReadOnlyList<BlockPath> Candidates(int block, int incoming)
    {
        lock (_lock)
        {
            if (_candidates.TryGetValue((block, incoming), out var cached)) return cached;
            var list = RulePaths(block, incoming)
                .Where(p => block + 1 == _layout.Blocks || Completions(block + 1, _layout.LevelOf(p.Last)) > 0)
                .ToArray();
            _candidates[(block, incoming)] = list;
            return list;
        }
    }

    /// <summary>Number of ways to complete the architecture from <paramref name="block"/> on.</summary>
    public double Completions(int block, int incoming)
    {
        if (block == _layout.Blocks) return 1;
        lock (_lock)
        {
            if (_completions.TryGetValue((block, incoming), out var cached)) return cached;
            double total = 0;
            foreach (var group in RulePaths(block, incoming).GroupBy(p => _layout.LevelOf(p.Last)))
                total += group.Count() * Completions(block + 1, group.Key);
            _completions[(block, incoming)] = total;
            return total;
        }
    }

    /// <summary>The levels block <paramref name="block"/>'s input can arrive at over all valid prefixes.</summary>
    public IReadOnlySet<int> ReachableIncoming(int block)
    {
        var levels = new HashSet<int> { _layout.Finest };
        for (int b = 0; b < block; b++)
        {
            var next = new HashSet<int>();
            foreach (int incoming in levels)
                foreach (var p in Candidates(b, incoming)) next.Add(_layout.LevelOf(p.Last));
            levels = next;
        }
        return levels;
    }

    /// <summary>The levels block <paramref name="block"/> can end at over all valid architectures.</summary>
    public IReadOnlySet<int> ReachableEnd(int block) =>
        ReachableIncoming(block).SelectMany(i => Candidates(block, i)).Select(p => _layout.LevelOf(p.Last)).ToHashSet();

    /// <summary>
    /// For each layer of <paramref name="block"/>, which ops some valid architecture uses there and how their
    /// input arrives: the supernet builds exactly these ops and branches.
    /// </summary>
    public IReadOnlyList<Dictionary<int, HashSet<Entry>>> ReachableOps(int block)
    {
        var layers = Enumerable.Range(0, _layout.LayersPerBlock).Select(_ => new Dictionary<int, HashSet<Entry>>()).ToArray();
        foreach (int incoming in ReachableIncoming(block))
        {
            foreach (var path in Candidates(block, incoming))
            {
                int level = incoming;
                for (int i = 0; i < path.Length; i++)
                {
                    int opLevel = _layout.LevelOf(path[i]);
                    var entry = EntryOf(block, i, level, opLevel);
                    if (!layers[i].TryGetValue(path[i], out var set)) layers[i][path[i]] = set = new HashSet<Entry>();
                    set.Add(entry);
                    level = opLevel;
                }
            }
        }
        return layers;
    }

    /// <summary>How an op at <paramref name="opLevel"/> receives an input at <paramref name="inputLevel"/>.</summary>
    public static Entry EntryOf(int block, int layer, int inputLevel, int opLevel) =>
        block == 0 && layer == 0 ? Entry.Stem : opLevel == inputLevel ? Entry.Same : Entry.Down;

    /// <summary>Why <paramref name="path"/> is not a valid path of a block whose input is at
    /// <paramref name="incoming"/>, or null when it is (dead ends are checked by the caller).</summary>
    public string? CheckBlock(int block, int incoming, BlockPath path)
    {
        if (path.Length != _layout.LayersPerBlock)
            return $"has {path.Length} layers, the block has {_layout.LayersPerBlock}";
        int depth = _layout.StageDepths[block];
        if (incoming >= depth)
            return $"the block before ends at level {incoming}, but block {block} offers levels 0..{depth - 1} only " +
                   "(a dead end, where BossNAS's chaining would crash)";
        int offered = _layout.OpsInBlock(block);
        for (int i = 0; i < path.Length; i++)
        {
            if (path[i] >= offered)
                return $"layer {i}: op {path[i]} is not offered in block {block} (ops 0..{offered - 1})";
        }
        int first = _layout.LevelOf(path[0]);
        if (block == 0 && !_layout.AnyStartInBlock0 && first < _layout.Finest - 1)
            return $"layer 0: block 0 must start at level {_layout.Finest} or {_layout.Finest - 1} " +
                   $"(restricted path rule), not {first}";
        if (block > 0 && first != incoming && first != incoming - 1)
            return $"layer 0: level {first} does not continue from level {incoming}, where the block before ended " +
                   "(the same level or one coarser)";
        for (int i = 1; i < path.Length; i++)
        {
            int from = _layout.LevelOf(path[i - 1]), to = _layout.LevelOf(path[i]);
            if (to != from && to != from - 1)
                return $"layer {i}: level goes from {from} to {to}; a layer keeps the level or goes one level coarser";
        }
        return null;
    }
}
