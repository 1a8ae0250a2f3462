using BossNas.Core.Architectures;
using BossNas.Plugins.HyTra.Modules;
using BossNas.Core.Nn.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.HyTra.Standalone;

/// <summary>One layer of a path network: the chosen op with only the branch the path uses.</summary>
internal sealed class PathLayer : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly StemAdapter? adapter;
    private readonly LevelOp op;
    private readonly bool _down;

    public PathLayer(StemAdapter? adapter, LevelOp op, bool down) : base(nameof(PathLayer))
    {
        this.adapter = adapter;
        this.op = op;
        _down = down;
        RegisterComponents();
    }

    /// <summary>The layer of <paramref name="op"/> entered as <paramref name="entry"/> says (from the stem, at its level, or down-sampling).</summary>
    public static PathLayer Create(HyTraLayout layout, HyTraOp op, Entry entry) =>
        new(entry == Entry.Stem ? OpFactory.Adapter(layout, op.Level) : null,
            OpFactory.Create(layout, op, entry == Entry.Stem, hasSame: entry != Entry.Down, hasDown: entry == Entry.Down),
            entry == Entry.Down);

    public StemAdapter? Adapter => adapter;

    public LevelOp Op => op;

    public override Tensor forward(Tensor x)
    {
        if (adapter is null) return op.Forward(x, _down);
        using var scope = NewDisposeScope();
        return op.Forward(adapter.call(x), down: false).MoveToOuterDisposeScope();
    }

    public string ExportOnnx(OnnxGraph graph, string input) =>
        adapter is null ? op.ExportOnnx(graph, input, _down) : op.ExportOnnx(graph, graph.Module(adapter, input), down: false);
}

/// <summary>
/// The path form of a stand-alone network: the supernet's stem and exactly the ops of one architecture (own
/// instances, same structure and parameter names, so supernet weights copy in), then global average pooling and
/// a linear classifier <c>fc</c>. Without the head its output equals the supernet's
/// <c>ForwardFeatures</c> along the architecture once weights are inherited.
/// </summary>
internal sealed class PathNetwork : nn.Module<Tensor, Tensor>, BossNas.Core.Spaces.IStandaloneNetwork, IOnnxExportable
{
    private readonly Sequential stem;
    private readonly ModuleList<PathLayer> layers;
    private readonly Linear fc;

    public PathNetwork(HyTraLayout layout, Architecture architecture, InputShape input) : base(nameof(PathNetwork))
    {
        stem = Stem.Create(input.Channels, layout.StemChannels, layout.ImageNetStem, Activation.Relu);
        layers = new ModuleList<PathLayer>();
        int level = layout.Finest;
        for (int b = 0; b < architecture.Blocks.Count; b++)
        {
            var path = architecture.Blocks[b];
            for (int i = 0; i < path.Length; i++)
            {
                var op = layout.Ops[path[i]];
                layers.Add(PathLayer.Create(layout, op, HyTraPathRules.EntryOf(b, i, level, op.Level)));
                level = op.Level;
            }
        }
        fc = nn.Linear(layout.Widths[level], input.Classes);
        _blockLengths = architecture.Blocks.Select(p => p.Length).ToArray();
        RegisterComponents();
    }

    private readonly int[] _blockLengths;

    /// <inheritdoc />
    public int BlockCount => _blockLengths.Length;

    public Sequential StemModule => stem;

    /// <summary>Layer <paramref name="index"/>, counting across blocks.</summary>
    public PathLayer Layer(int index) => layers[index];

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return ForwardHead(ForwardFeatures(x)).MoveToOuterDisposeScope();
    }

    /// <summary>The whole forward as ONNX nodes: stem, the path's layers, pooling and the classifier.</summary>
    public string ExportOnnx(OnnxGraph graph, string input)
    {
        var h = graph.Module(stem, input);
        foreach (var layer in layers) h = graph.Module(layer, h);
        return graph.Module(fc, graph.Flatten(graph.GlobalAveragePool(h)));
    }

    /// <summary>Stem and the path's layers, before pooling and the classifier.</summary>
    public Tensor ForwardFeatures(Tensor images)
    {
        using var scope = NewDisposeScope();
        var h = ForwardStem(images);
        for (int b = 0; b < _blockLengths.Length; b++) h = ForwardBlock(b, h);
        return h.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor ForwardStem(Tensor images)
    {
        using var scope = NewDisposeScope();
        return stem.call(images).MoveToOuterDisposeScope();
    }

    /// <summary>The layers of block <paramref name="block"/>.</summary>
    public Tensor ForwardBlock(int block, Tensor x)
    {
        int start = _blockLengths.Take(block).Sum();
        using var scope = NewDisposeScope();
        for (int i = start; i < start + _blockLengths[block]; i++) x = layers[i].call(x);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>Global average pooling and the classifier.</summary>
    public Tensor ForwardHead(Tensor features)
    {
        using var scope = NewDisposeScope();
        return fc.call(features.mean(new long[] { 2, 3 })).MoveToOuterDisposeScope();
    }
}
