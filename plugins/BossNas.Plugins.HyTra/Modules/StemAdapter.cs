using BossNas.Core.Nn.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.HyTra.Modules;

/// <summary>
/// BossNAS's adapter from the stem to the first layer of block 0 at a target level: a depthwise conv with
/// kernel = stride = 2^(finest − level) (no bias), a 1x1 conv to a quarter of the level's width, and BN. The
/// map is zero-padded at the bottom/right to a multiple of the stride first, so the output has the level's size
/// (ceil, as the stride-2 chain gives: 28 px at stride 8 gives 4, not 3). At the stem's own level the
/// depthwise conv would have kernel 1, a per-channel scale the 1x1 conv already expresses (and a slow op on CPU),
/// so it is left out there.
/// </summary>
internal sealed class StemAdapter : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly Conv2d? dw;
    private readonly Conv2d pw;
    private readonly BatchNorm2d bn;
    private readonly long _factor;

    public StemAdapter(int stemChannels, int outChannels, int factor) : base(nameof(StemAdapter))
    {
        _factor = factor;
        if (factor > 1) dw = nn.Conv2d(stemChannels, stemChannels, factor, stride: factor, groups: stemChannels, bias: false);
        pw = Layers.Conv(stemChannels, outChannels, 1);
        bn = Layers.Bn(outChannels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        if (dw is null) return bn.call(pw.call(x));
        using var scope = NewDisposeScope();
        long padH = (_factor - x.shape[2] % _factor) % _factor;
        long padW = (_factor - x.shape[3] % _factor) % _factor;
        var input = padH + padW > 0 ? nn.functional.pad(x, new[] { 0, padW, 0, padH }) : x.alias();
        return bn.call(pw.call(dw.call(input))).MoveToOuterDisposeScope();
    }

    /// <summary>The same, with the bottom/right padding computed from the map's size in the graph.</summary>
    public string ExportOnnx(OnnxGraph graph, string input)
    {
        if (dw is null) return graph.Module(bn, graph.Module(pw, input));
        // (factor − size mod factor) mod factor for H and W; ONNX pads list all begins, then all ends.
        var factor = graph.Constant(_factor, _factor);
        var size = graph.Shape(input, 2, 4);
        var pad = graph.Node("Mod", [graph.Node("Sub", [factor, graph.Node("Mod", [size, factor])]), factor]);
        var pads = graph.Concat(0, graph.Constant(0, 0, 0, 0, 0, 0), pad);
        var padded = graph.Node("Pad", [input, pads]);
        return graph.Module(bn, graph.Module(pw, graph.Module(dw, padded)));
    }
}
