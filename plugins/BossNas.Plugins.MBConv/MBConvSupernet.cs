using BossNas.Core.Architectures;
using BossNas.Core.Spaces;
using BossNas.Plugins.MBConv.Ops;
using BossNas.Core.Nn;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.MBConv;

/// <summary>
/// The MBConv supernet: the stem, then per searched layer the four candidate branches with their shared residual.
/// A path runs exactly one branch per layer. The fixed last layer and the classifier are not part of it (strategies
/// attach their own heads to block outputs). Its layers with an identity shortcut drop their branch at random in
/// training when a strategy sets a drop-connect rate (<see cref="IStochasticDepth"/>).
/// </summary>
public sealed class MBConvSupernet : Supernet, IStochasticDepth
{
    private readonly Stem stem;
    private readonly ModuleList<ModuleList<MixedMBLayer>> blocks;
    private readonly MBConvLayout _layout;

    internal MBConvSupernet(MBConvLayout layout) : base(nameof(MBConvSupernet))
    {
        _layout = layout;
        var o = layout.Options;
        stem = new Stem(layout.Input.Channels, o.StemChannels, o.FirstChannels, o.StemStride, o.SeRatio, o.SupernetBnAffine);
        blocks = new ModuleList<ModuleList<MixedMBLayer>>();
        foreach (var block in layout.Layers)
        {
            var layers = new ModuleList<MixedMBLayer>();
            foreach (var g in block) layers.Add(new MixedMBLayer(g.In, g.Out, g.Stride, o.SeRatio, layout.Ops, o.SupernetBnAffine));
            blocks.Add(layers);
        }
        RegisterComponents();
    }

    internal Stem StemModule => stem;

    /// <inheritdoc />
    public double DropConnectRate
    {
        get => _dropConnectRate;
        set
        {
            if (value is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(value), value, "a drop-connect rate is in [0, 1)");
            _dropConnectRate = value;
            foreach (var layers in blocks)
                foreach (var layer in layers) layer.DropConnectRate = value;
        }
    }

    private double _dropConnectRate;

    internal MixedMBLayer Layer(int block, int layer) => blocks[block][layer];

    /// <inheritdoc />
    public override int BlockCount => blocks.Count;

    /// <inheritdoc />
    public override Tensor ForwardStem(Tensor images)
    {
        using var scope = NewDisposeScope();
        return stem.call(MemoryLayout.ChannelsLast(images)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override Tensor ForwardBlock(int block, Tensor x, Architecture prefix, BlockPath path)
    {
        var layers = blocks[block];
        if (path.Length != layers.Count)
            throw new ArgumentException($"block {block} has {layers.Count} layers, path '{path}' has {path.Length}", nameof(path));
        using var scope = NewDisposeScope();
        for (int l = 0; l < layers.Count; l++)
        {
            if (path[l] >= _layout.Ops.Count)
                throw new ArgumentException($"block {block} layer {l}: op {path[l]} is not one of 0..{_layout.Ops.Count - 1}", nameof(path));
            x = layers[l].Forward(x, path[l]);
        }
        return x.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override FeatureShape BlockOutput(int block, Architecture prefix, BlockPath path) => _layout.BlockOutput(block);

    /// <inheritdoc />
    public override IReadOnlyList<FeatureShape> PossibleBlockOutputs(int block) => new[] { _layout.BlockOutput(block) };

    /// <inheritdoc />
    public override IEnumerable<nn.Module> BlockModules(int block) => blocks[block];

    /// <summary>
    /// The inverted-residual branch of the choice (the layer's shortcut is shared by all choices); null for the skip,
    /// which has no weights of its own.
    /// </summary>
    public override nn.Module? CandidateOp(int block, int layer, int op)
    {
        if (block < 0 || block >= blocks.Count) throw new ArgumentOutOfRangeException(nameof(block));
        if (layer < 0 || layer >= blocks[block].Count) throw new ArgumentOutOfRangeException(nameof(layer));
        if (op < 0 || op >= _layout.Ops.Count) throw new ArgumentOutOfRangeException(nameof(op));
        return blocks[block][layer].Op(op);
    }
}
