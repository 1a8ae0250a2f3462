using BossNas.Core.Architectures;
using BossNas.Core.Nn;
using BossNas.Core.Nn.Elastic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.Nats.Supernet;

/// <summary>
/// The size-space supernet: every layer keeps one max-width kernel per conv, sliced to the path's widths, and one
/// BN per width. <see cref="ForwardStem"/> runs the stem conv at the full width (output channels of a convolution
/// are independent, so its first c1 channels equal the sliced conv); block 0 then keeps the first c1 channels and
/// applies the stem's BN of width c1, because only the path knows c1. Later blocks take their input width from the
/// last layer of the prefix.
/// </summary>
public sealed class NatsSupernet : BossNas.Core.Spaces.Supernet
{
    private readonly SlimmableConv2d stem_conv;
    private readonly SwitchableBatchNorm2d stem_bn;
    private readonly ModuleList<SlimLayer> layers;
    private readonly NatsLayout _layout;
    private readonly int[] _widths;

    internal NatsSupernet(NatsLayout layout) : base(nameof(NatsSupernet))
    {
        _layout = layout;
        _widths = layout.Options.CandidateWidths.ToArray();
        int max = _widths[^1];
        stem_conv = new SlimmableConv2d(layout.Input.Channels, max, 3, 1, 1);
        stem_bn = new SwitchableBatchNorm2d(_widths);
        layers = new ModuleList<SlimLayer>();
        foreach (var kind in NatsLayout.Kinds)
            layers.Add(kind == NatsLayerKind.Cell ? new SlimCell(_widths) : new SlimResBlock(_widths));
        RegisterComponents();
    }

    internal SlimmableConv2d StemConv => stem_conv;

    internal int ImageChannels => _layout.Input.Channels;

    internal SwitchableBatchNorm2d StemBn => stem_bn;

    internal SlimLayer Layer(int index) => layers[index];

    /// <inheritdoc />
    public override int BlockCount => _layout.Options.BlockLayers.Length;

    /// <summary>The stem conv at the full (max) width, before its width-dependent BN.</summary>
    public override Tensor ForwardStem(Tensor images)
    {
        using var scope = NewDisposeScope();
        return stem_conv.Forward(MemoryLayout.ChannelsLast(images), _widths[^1]).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override Tensor ForwardBlock(int block, Tensor x, Architecture prefix, BlockPath path)
    {
        int n = _layout.Options.BlockLayers[block];
        if (path.Length != n)
            throw new ArgumentException($"block {block} has {n} layers, path '{path}' has {path.Length}", nameof(path));
        if (path.Ops.Any(o => o >= _widths.Length))
            throw new ArgumentException($"path '{path}' uses a width index beyond 0..{_widths.Length - 1}", nameof(path));
        using var scope = NewDisposeScope();
        if (block == 0)
        {
            if (x.shape[1] != _widths[^1])
                throw new ArgumentException($"block 0 expects the full-width stem output ({_widths[^1]} channels), got {x.shape[1]}");
            x = stem_bn.Forward(x.narrow(1, 0, _widths[path[0]]), path[0]);
        }
        else
        {
            if (prefix.Blocks.Count < block)
                throw new ArgumentException($"block {block} needs the paths of the {block} blocks before it, got '{prefix}'", nameof(prefix));
            int incoming = _widths[prefix.Blocks[block - 1].Last];
            if (x.shape[1] != incoming)
                throw new ArgumentException($"block {block} after '{prefix}' expects {incoming} channels, got {x.shape[1]}");
        }
        for (int l = 0; l < n; l++) x = layers[_layout.LayerOf(block, l)].Forward(x, path[l]);
        return x.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override FeatureShape BlockOutput(int block, Architecture prefix, BlockPath path) =>
        Shape(block, _widths[path.Last]);

    /// <inheritdoc />
    public override IReadOnlyList<FeatureShape> PossibleBlockOutputs(int block) =>
        _widths.Select(w => Shape(block, w)).ToArray();

    /// <summary>The block's layers; block 0 also owns the stem's switchable BN, which it runs.</summary>
    public override IEnumerable<nn.Module> BlockModules(int block)
    {
        if (block == 0) yield return stem_bn;
        for (int l = 0; l < _layout.Options.BlockLayers[block]; l++) yield return layers[_layout.LayerOf(block, l)];
    }

    /// <summary>
    /// The layer's slimmable module: every width shares its kernels (a width slices them) and keeps its own BN inside it.
    /// </summary>
    public override nn.Module? CandidateOp(int block, int layer, int op)
    {
        if (block < 0 || block >= BlockCount) throw new ArgumentOutOfRangeException(nameof(block));
        if (layer < 0 || layer >= _layout.Options.BlockLayers[block]) throw new ArgumentOutOfRangeException(nameof(layer));
        if (op < 0 || op >= _widths.Length) throw new ArgumentOutOfRangeException(nameof(op));
        return layers[_layout.LayerOf(block, layer)];
    }

    private FeatureShape Shape(int block, int width)
    {
        int last = _layout.LastLayerOf(block);
        return new FeatureShape(width, _layout.OutH[last], _layout.OutW[last]);
    }
}
