using BossNas.Core.Architectures;
using BossNas.Core.Nn;

namespace BossNas.Plugins.Nats;

/// <summary>The two kinds of layer of the NATS size-space skeleton.</summary>
internal enum NatsLayerKind
{
    /// <summary>The fixed best TSS cell, stride 1.</summary>
    Cell,

    /// <summary>A reduction ResNet basic block, stride 2.</summary>
    Reduction,
}

/// <summary>
/// The NATS-Bench size-space skeleton (NATS-SSS, one cell per stage) for one input shape. Each of the 5 layers has a
/// searched output width c1..c5; a layer's input width is the output width of the layer before it:
/// <code>
/// stem   Conv3x3 image→c1 + BN
/// L0     cell       c1→c1   (stride 1)
/// L1     ResBlock   c1→c2   (stride 2)
/// L2     cell       c2→c3   (stride 1)
/// L3     ResBlock   c3→c4   (stride 2)
/// L4     cell       c4→c5   (stride 1)
/// head   BN + ReLU (NATS "lastact"), global average pool, Linear(c5→classes)
/// </code>
/// This is NATS-SSS's <c>channels = "c1:c2:c3:c4:c5"</c> and BossNAS's supernet: the stem and the first cell share c1.
/// </summary>
internal sealed class NatsLayout
{
    /// <summary>Layers of the skeleton.</summary>
    public const int LayerCount = 5;

    /// <summary>The kind of each layer.</summary>
    public static IReadOnlyList<NatsLayerKind> Kinds { get; } = new[]
    {
        NatsLayerKind.Cell, NatsLayerKind.Reduction, NatsLayerKind.Cell, NatsLayerKind.Reduction, NatsLayerKind.Cell,
    };

    public NatsLayout(NatsOptions options, InputShape input)
    {
        Options = options;
        Input = input;
        var h = new int[LayerCount + 1];
        var w = new int[LayerCount + 1];
        (h[0], w[0]) = (input.Height, input.Width);
        for (int i = 0; i < LayerCount; i++)
        {
            if (Kinds[i] == NatsLayerKind.Reduction)
            {
                // The main path (3x3, stride 2, pad 1) gives ceil(n/2), the residual AvgPool2d(2) floor(n/2).
                if (h[i] % 2 != 0 || w[i] % 2 != 0)
                    throw new ArgumentException(
                        $"the nats space needs even map sides at each reduction; input {input.Height}x{input.Width} gives {h[i]}x{w[i]} at layer {i}");
                (h[i + 1], w[i + 1]) = (Counting.OutSize(h[i], 3, 2, 1), Counting.OutSize(w[i], 3, 2, 1));
            }
            else
            {
                (h[i + 1], w[i + 1]) = (h[i], w[i]);
            }
        }
        InH = h[..LayerCount];
        InW = w[..LayerCount];
        OutH = h[1..];
        OutW = w[1..];
        BlockStart = new int[options.BlockLayers.Length];
        for (int b = 1; b < BlockStart.Length; b++) BlockStart[b] = BlockStart[b - 1] + options.BlockLayers[b - 1];
    }

    public NatsOptions Options { get; }

    public InputShape Input { get; }

    /// <summary>Map size entering each layer.</summary>
    public int[] InH { get; }

    public int[] InW { get; }

    /// <summary>Map size leaving each layer.</summary>
    public int[] OutH { get; }

    public int[] OutW { get; }

    /// <summary>Index of the first layer of each block.</summary>
    public int[] BlockStart { get; }

    /// <summary>The layer index of layer <paramref name="layer"/> of block <paramref name="block"/>.</summary>
    public int LayerOf(int block, int layer) => BlockStart[block] + layer;

    /// <summary>Index of a block's last layer.</summary>
    public int LastLayerOf(int block) => BlockStart[block] + Options.BlockLayers[block] - 1;

    /// <summary>The 5 width indices of a complete architecture, in layer order.</summary>
    public static int[] LayerChoices(Architecture architecture) => architecture.Blocks.SelectMany(b => b.Ops).ToArray();
}
