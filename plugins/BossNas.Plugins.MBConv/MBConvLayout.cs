using BossNas.Core.Architectures;
using BossNas.Core.Nn;

namespace BossNas.Plugins.MBConv;

/// <summary>Where one searched layer sits: its channels, stride and input/output map sizes.</summary>
/// <param name="Block">Block index.</param>
/// <param name="Layer">Layer index within the block.</param>
/// <param name="In">Input channels.</param>
/// <param name="Out">Output channels.</param>
/// <param name="Stride">Stride (the first layer of a block carries the block's stride).</param>
/// <param name="InH">Input height.</param>
/// <param name="InW">Input width.</param>
/// <param name="OutH">Output height.</param>
/// <param name="OutW">Output width.</param>
internal sealed record LayerGeometry(int Block, int Layer, int In, int Out, int Stride, int InH, int InW, int OutH, int OutW);

/// <summary>
/// The geometry of the space for one input shape: stem, searched layers, fixed last layer and head. Shared by the
/// supernet, the stand-alone network and the analytic cost so the three cannot disagree.
/// </summary>
internal sealed class MBConvLayout
{
    public MBConvLayout(MBConvOptions options, InputShape input)
    {
        Options = options;
        Input = input;
        Ops = MBConvOp.Set(options.Ops, options.Skip);
        // Every conv here pads k/2 with odd k, so the output side is ceil(n / stride) whatever the kernel; the
        // shortcut's AvgPool2d(2, ceil_mode) gives the same side, so branch and residual always line up.
        StemH = Counting.OutSize(input.Height, 3, options.StemStride, 1);
        StemW = Counting.OutSize(input.Width, 3, options.StemStride, 1);
        var layers = new List<List<LayerGeometry>>();
        int c = options.FirstChannels, h = StemH, w = StemW;
        for (int b = 0; b < options.BlockChannels.Length; b++)
        {
            var block = new List<LayerGeometry>();
            for (int l = 0; l < options.BlockLayers[b]; l++)
            {
                int stride = l == 0 ? options.BlockStrides[b] : 1;
                int oh = Counting.OutSize(h, 3, stride, 1), ow = Counting.OutSize(w, 3, stride, 1);
                block.Add(new LayerGeometry(b, l, c, options.BlockChannels[b], stride, h, w, oh, ow));
                (c, h, w) = (options.BlockChannels[b], oh, ow);
            }
            layers.Add(block);
        }
        Layers = layers.Select(b => (IReadOnlyList<LayerGeometry>)b).ToArray();
        FeatureChannels = c;
        FeatureH = h;
        FeatureW = w;
        if (h < 1 || w < 1) throw new ArgumentException($"input {input} is too small for this space's strides");
    }

    public MBConvOptions Options { get; }

    public InputShape Input { get; }

    /// <summary>The choices of every layer, by op index.</summary>
    public IReadOnlyList<MBConvOp> Ops { get; }

    public int StemH { get; }

    public int StemW { get; }

    /// <summary>Per block, per layer.</summary>
    public IReadOnlyList<IReadOnlyList<LayerGeometry>> Layers { get; }

    /// <summary>Channels of the last searched block's output.</summary>
    public int FeatureChannels { get; }

    public int FeatureH { get; }

    public int FeatureW { get; }

    /// <summary>Output shape of block <paramref name="block"/> (the same for every path).</summary>
    public FeatureShape BlockOutput(int block)
    {
        var last = Layers[block][^1];
        return new FeatureShape(last.Out, last.OutH, last.OutW);
    }

    /// <summary>Channels entering global pooling in the stand-alone network.</summary>
    public int PooledChannels =>
        Options.HeadChannels > 0 ? Options.HeadChannels : Options.LastChannels > 0 ? Options.LastChannels : FeatureChannels;
}
