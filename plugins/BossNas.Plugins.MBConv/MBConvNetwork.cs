using BossNas.Core.Architectures;
using BossNas.Plugins.MBConv.Ops;
using BossNas.Core.Nn;
using BossNas.Core.Nn.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.MBConv;

/// <summary>
/// The stand-alone network of one MBConv architecture: <c>stem</c> and <c>blocks</c> (the searched layers; together
/// the part with a supernet counterpart, whose output equals <c>Supernet.ForwardFeatures</c> after
/// <c>InheritWeights</c>), then <c>head</c> (fixed MB6 3x3 last layer, 1x1 head conv + BN + SiLU, global average
/// pool, linear classifier).
/// </summary>
public sealed class MBConvNetwork : nn.Module<Tensor, Tensor>, BossNas.Core.Spaces.IStandaloneNetwork, IOnnxExportable
{
    private readonly Stem stem;
    private readonly ModuleList<ModuleList<MBLayer>> blocks;
    private readonly Sequential head;

    internal MBConvNetwork(MBConvLayout layout, Architecture architecture) : base(nameof(MBConvNetwork))
    {
        Architecture = architecture;
        var o = layout.Options;
        stem = new Stem(layout.Input.Channels, o.StemChannels, o.FirstChannels, o.StemStride, o.SeRatio);
        blocks = new ModuleList<ModuleList<MBLayer>>();
        for (int b = 0; b < layout.Layers.Count; b++)
        {
            var layers = new ModuleList<MBLayer>();
            foreach (var g in layout.Layers[b])
                layers.Add(new MBLayer(g.In, g.Out, layout.Ops[architecture.Blocks[b][g.Layer]], g.Stride, o.SeRatio));
            blocks.Add(layers);
        }

        head = Head(layout);
        RegisterComponents();
        Initialise();
    }

    /// <summary>
    /// The fixed part after the searched blocks: the MB6 3x3 last layer and the 1x1 head conv + BN + SiLU where the
    /// options have them, global average pooling and the linear classifier.
    /// </summary>
    internal static Sequential Head(MBConvLayout layout)
    {
        var o = layout.Options;
        var top = new List<(string, nn.Module<Tensor, Tensor>)>();
        int c = layout.FeatureChannels;
        if (o.LastChannels > 0)
        {
            top.Add(("last", new MBLayer(c, o.LastChannels, MBConvOp.Candidates[0], 1, o.SeRatio)));
            c = o.LastChannels;
        }
        if (o.HeadChannels > 0)
        {
            top.Add(("conv_head", nn.Conv2d(c, o.HeadChannels, 1, bias: false)));
            top.Add(("bn_head", nn.BatchNorm2d(o.HeadChannels)));
            top.Add(("act_head", nn.SiLU()));
            c = o.HeadChannels;
        }
        top.Add(("pool", nn.AdaptiveAvgPool2d(1)));
        top.Add(("flatten", nn.Flatten()));
        top.Add(("classifier", nn.Linear(c, layout.Input.Classes)));
        return nn.Sequential(top);
    }

    /// <summary>The architecture this network was built for.</summary>
    public Architecture Architecture { get; }

    internal Stem StemModule => stem;

    internal MBLayer Layer(int block, int layer) => blocks[block][layer];

    /// <inheritdoc />
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        return head.call(ForwardFeatures(images)).MoveToOuterDisposeScope();
    }

    /// <summary>The whole forward as ONNX nodes: stem, searched layers, head.</summary>
    public string ExportOnnx(OnnxGraph graph, string input)
    {
        var x = graph.Module(stem, input);
        foreach (var block in blocks)
        foreach (var layer in block)
            x = graph.Module(layer, x);
        return graph.Module(head, x);
    }

    /// <inheritdoc />
    public int BlockCount => blocks.Count;

    /// <summary>Stem and the searched layers, before the fixed last layer, head and classifier.</summary>
    public Tensor ForwardFeatures(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = ForwardStem(images);
        for (int b = 0; b < blocks.Count; b++) x = ForwardBlock(b, x);
        return x.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor ForwardStem(Tensor images)
    {
        using var scope = NewDisposeScope();
        return stem.call(MemoryLayout.ChannelsLast(images)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor ForwardBlock(int block, Tensor x)
    {
        using var scope = NewDisposeScope();
        foreach (var layer in blocks[block]) x = layer.call(x);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>The fixed last layer, head conv, pooling and classifier.</summary>
    public Tensor ForwardHead(Tensor features)
    {
        using var scope = NewDisposeScope();
        return head.call(features).MoveToOuterDisposeScope();
    }

    /// <summary>timm's EfficientNet init: conv N(0, sqrt(2 / fan_out)), BN (1, 0), linear U(±1/sqrt(out)), bias 0.</summary>
    private void Initialise()
    {
        using var noGrad = no_grad();
        foreach (var m in modules())
        {
            switch (m)
            {
                case Conv2d conv:
                    var w = conv.weight!;
                    long fanOut = w.shape[0] / conv.groups * w.shape[2] * w.shape[3];
                    w.normal_(0, Math.Sqrt(2.0 / fanOut));
                    conv.bias?.zero_();
                    break;
                case Linear linear:
                    double r = 1.0 / Math.Sqrt(linear.weight!.shape[0]);
                    linear.weight.uniform_(-r, r);
                    linear.bias?.zero_();
                    break;
            }
        }
    }
}
