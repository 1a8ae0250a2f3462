using BossNas.Core.Architectures;
using BossNas.Core.Nn;
using BossNas.Core.Nn.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.Nats.Standalone;

/// <summary>
/// The stand-alone network of one size-space architecture, with plain convolutions of its widths (NATS-Bench's
/// DynamicShapeTinyNet with one cell per stage): <c>stem_conv</c> + <c>stem_bn</c> and <c>layers</c> (the part with a
/// supernet counterpart, whose output equals <c>Supernet.ForwardFeatures</c> after <c>InheritWeights</c>), then
/// <c>head</c>: BN + ReLU, global average pool, linear classifier.
/// </summary>
public sealed class NatsNetwork : nn.Module<Tensor, Tensor>, BossNas.Core.Spaces.IStandaloneNetwork, IOnnxExportable
{
    private readonly Conv2d stem_conv;
    private readonly BatchNorm2d stem_bn;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> layers;
    private readonly Sequential head;

    internal NatsNetwork(NatsLayout layout, Architecture architecture) : base(nameof(NatsNetwork))
    {
        Architecture = architecture;
        var widths = layout.Options.CandidateWidths;
        Channels = NatsLayout.LayerChoices(architecture).Select(i => widths[i]).ToArray();
        stem_conv = StemConvolution(layout.Input.Channels, Channels[0]);
        stem_bn = nn.BatchNorm2d(Channels[0]);
        layers = new ModuleList<nn.Module<Tensor, Tensor>>();
        int cin = Channels[0];
        for (int i = 0; i < NatsLayout.LayerCount; i++)
        {
            layers.Add(NatsLayout.Kinds[i] == NatsLayerKind.Cell ? new Cell(cin, Channels[i]) : new ResBlock(cin, Channels[i]));
            cin = Channels[i];
        }
        head = Head(cin, layout.Input.Classes);
        RegisterComponents();
        Initialise();
    }

    /// <summary>The head on <paramref name="channels"/> features: BN + ReLU (NATS "lastact"), global average pool, linear classifier.</summary>
    internal static Sequential Head(int channels, int classes) => nn.Sequential(
        ("lastact_bn", nn.BatchNorm2d(channels)),
        ("lastact_relu", nn.ReLU()),
        ("pool", nn.AdaptiveAvgPool2d(1)),
        ("flatten", nn.Flatten()),
        ("classifier", nn.Linear(channels, classes)));

    /// <summary>The stem convolution from the images to <paramref name="channels"/>.</summary>
    internal static Conv2d StemConvolution(int imageChannels, int channels) => nn.Conv2d(imageChannels, channels, 3, padding: 1, bias: false);

    /// <summary>The architecture this network was built for.</summary>
    public Architecture Architecture { get; }

    /// <summary>The widths c1..c5.</summary>
    public IReadOnlyList<int> Channels { get; }

    internal Conv2d StemConv => stem_conv;

    internal BatchNorm2d StemBn => stem_bn;

    internal nn.Module<Tensor, Tensor> Layer(int index) => layers[index];

    /// <inheritdoc />
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        return head.call(ForwardFeatures(images)).MoveToOuterDisposeScope();
    }

    /// <summary>The whole forward as ONNX nodes: stem, layers, head.</summary>
    public string ExportOnnx(OnnxGraph graph, string input)
    {
        var x = graph.Module(stem_bn, graph.Module(stem_conv, input));
        foreach (var layer in layers) x = graph.Module(layer, x);
        return graph.Module(head, x);
    }

    /// <summary>Stem and the 5 searched layers, before the head's BN, pooling and classifier.</summary>
    public Tensor ForwardFeatures(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = ForwardStem(images);
        for (int b = 0; b < BlockCount; b++) x = ForwardBlock(b, x);
        return x.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public int BlockCount => Architecture.Blocks.Count;

    /// <inheritdoc />
    public Tensor ForwardStem(Tensor images)
    {
        using var scope = NewDisposeScope();
        return stem_bn.call(stem_conv.call(MemoryLayout.ChannelsLast(images))).MoveToOuterDisposeScope();
    }

    /// <summary>The layers of block <paramref name="block"/> (the architecture's path lengths give the split).</summary>
    public Tensor ForwardBlock(int block, Tensor x)
    {
        int start = Architecture.Blocks.Take(block).Sum(p => p.Length);
        using var scope = NewDisposeScope();
        for (int i = start; i < start + Architecture.Blocks[block].Length; i++) x = layers[i].call(x);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>The head's BN + ReLU, pooling and classifier.</summary>
    public Tensor ForwardHead(Tensor features)
    {
        using var scope = NewDisposeScope();
        return head.call(features).MoveToOuterDisposeScope();
    }

    /// <summary>NATS-Bench's (xautodl) ResNet init: conv Kaiming-normal (fan-out, ReLU), BN (1, 0), linear N(0, 0.01), bias 0.</summary>
    private void Initialise()
    {
        using var noGrad = no_grad();
        foreach (var m in modules())
        {
            switch (m)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(conv.weight!, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
                    break;
                case Linear linear:
                    linear.weight!.normal_(0, 0.01);
                    linear.bias?.zero_();
                    break;
            }
        }
    }
}
