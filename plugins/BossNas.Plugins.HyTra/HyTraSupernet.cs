using BossNas.Core.Architectures;
using BossNas.Core.Spaces;
using BossNas.Plugins.HyTra.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.HyTra;

/// <summary>
/// The HyTra weight-sharing supernet: a stem, then blocks of searchable layers, each layer holding one op per
/// (level, primitive) its block offers and some valid architecture uses. A path runs one op per layer; the level
/// it is at is tracked from the ops it took (the incoming level of a block is where the block before ended, or the
/// stem's level), and an op is entered through its down-sampling branch exactly when the path comes from the next
/// finer level. There is no classifier: strategies attach heads to the block outputs.
/// </summary>
public sealed class HyTraSupernet : Supernet
{
    private readonly Sequential stem;
    private readonly ModuleList<SupernetBlock> blocks;
    private readonly HyTraLayout _layout;
    private readonly HyTraPathRules _rules;
    private readonly LevelSizes _sizes;

    internal HyTraSupernet(HyTraLayout layout, HyTraPathRules rules, InputShape input) : base(nameof(HyTraSupernet))
    {
        _layout = layout;
        _rules = rules;
        _sizes = layout.Sizes(input);
        stem = Stem.Create(input.Channels, layout.StemChannels, layout.ImageNetStem, Activation.Relu);
        blocks = new ModuleList<SupernetBlock>();
        for (int b = 0; b < layout.Blocks; b++) blocks.Add(new SupernetBlock(layout, rules, b));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override int BlockCount => _layout.Blocks;

    internal Sequential StemModule => stem;

    internal MixedLayer Layer(int block, int layer) => blocks[block].Layer(layer);

    /// <inheritdoc />
    public override Tensor ForwardStem(Tensor images) => stem.call(images);

    /// <inheritdoc />
    public override Tensor ForwardBlock(int block, Tensor x, Architecture prefix, BlockPath path)
    {
        if (prefix.Blocks.Count != block)
            throw new ArgumentException($"block {block} needs a prefix of {block} blocks, got {prefix.Blocks.Count}");
        int level = _rules.Incoming(block, prefix);
        var reason = _rules.CheckBlock(block, level, path);
        if (reason is not null) throw new ArgumentException($"block {block} path {path}: {reason}");
        using var scope = NewDisposeScope();
        var h = x.alias();
        for (int i = 0; i < path.Length; i++)
        {
            var op = _layout.Ops[path[i]];
            h = blocks[block].Layer(i).Forward(h, op, HyTraPathRules.EntryOf(block, i, level, op.Level));
            level = op.Level;
        }
        return h.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override FeatureShape BlockOutput(int block, Architecture prefix, BlockPath path) =>
        Shape(_layout.LevelOf(path.Last));

    /// <inheritdoc />
    public override IReadOnlyList<FeatureShape> PossibleBlockOutputs(int block) =>
        _rules.ReachableEnd(block).Order().Select(Shape).ToArray();

    /// <summary>The (level, primitive) op of the layer, with its down-sampling entry branch; null where no valid path uses it.</summary>
    public override nn.Module? CandidateOp(int block, int layer, int op)
    {
        if (block < 0 || block >= _layout.Blocks) throw new ArgumentOutOfRangeException(nameof(block));
        if (layer < 0 || layer >= _layout.LayersPerBlock) throw new ArgumentOutOfRangeException(nameof(layer));
        if (op < 0 || op >= _layout.Ops.Count) throw new ArgumentOutOfRangeException(nameof(op));
        return blocks[block].Layer(layer).TryOp(op);
    }

    private FeatureShape Shape(int level) => new(_layout.Widths[level], _sizes.Heights[level], _sizes.Widths[level]);

    /// <summary>The stem, which block 0 owns but <see cref="ForwardStem"/> runs.</summary>
    public override IEnumerable<nn.Module> StemModules()
    {
        yield return stem;
    }

    /// <summary>Block 0 owns the stem too: it is trained with the first block and frozen with it.</summary>
    public override IEnumerable<nn.Module> BlockModules(int block)
    {
        if (block < 0 || block >= _layout.Blocks) throw new ArgumentOutOfRangeException(nameof(block));
        if (block == 0) yield return stem;
        yield return blocks[block];
    }
}
