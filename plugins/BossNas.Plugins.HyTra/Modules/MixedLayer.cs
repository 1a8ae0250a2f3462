using System.Globalization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.HyTra.Modules;

/// <summary>
/// One searchable layer of the supernet (BossNAS's MixOps): one op per (level, primitive) that some valid
/// architecture uses in this layer, keyed by op index; every path through the layer that picks an op shares
/// its weights. The first layer of block 0 also holds a stem adapter per level.
/// </summary>
internal sealed class MixedLayer : nn.Module
{
    private readonly ModuleDict<StemAdapter>? adapters;
    private readonly ModuleDict<LevelOp> ops;

    public MixedLayer(HyTraLayout layout, IReadOnlyDictionary<int, HashSet<Entry>> reachable) : base(nameof(MixedLayer))
    {
        ops = new ModuleDict<LevelOp>();
        bool fromStem = reachable.Values.Any(e => e.Contains(Entry.Stem));
        if (fromStem) adapters = new ModuleDict<StemAdapter>();
        foreach (var (index, entries) in reachable.OrderBy(kv => kv.Key))
        {
            var op = layout.Ops[index];
            bool hasSame = entries.Contains(Entry.Same) || entries.Contains(Entry.Stem);
            ops.Add(Key(index), OpFactory.Create(layout, op, fromStem, hasSame, entries.Contains(Entry.Down)));
            if (fromStem && !adapters!.ContainsKey(Key(op.Level)))
                adapters.Add(Key(op.Level), OpFactory.Adapter(layout, op.Level));
        }
        RegisterComponents();
    }

    private static string Key(int i) => i.ToString(CultureInfo.InvariantCulture);

    /// <summary>The op with index <paramref name="op"/>.</summary>
    public LevelOp Op(int op) =>
        ops.TryGetValue(Key(op), out var m) ? m : throw new ArgumentException($"op {op} is not used in this layer");

    /// <summary>The op with index <paramref name="op"/>, or null when no valid path uses it in this layer.</summary>
    public LevelOp? TryOp(int op) => ops.TryGetValue(Key(op), out var m) ? m : null;

    /// <summary>The stem adapter to <paramref name="level"/> (first layer of block 0 only).</summary>
    public StemAdapter Adapter(int level) =>
        adapters is not null && adapters.TryGetValue(Key(level), out var a)
            ? a
            : throw new ArgumentException($"this layer has no stem adapter to level {level}");

    /// <summary>Runs op <paramref name="op"/> on an input that arrives as <paramref name="entry"/> says.</summary>
    public Tensor Forward(Tensor x, HyTraOp op, Entry entry)
    {
        var module = Op(op.Index);
        if (entry != Entry.Stem) return module.Forward(x, entry == Entry.Down);
        using var scope = NewDisposeScope();
        return module.Forward(Adapter(op.Level).call(x), down: false).MoveToOuterDisposeScope();
    }
}
