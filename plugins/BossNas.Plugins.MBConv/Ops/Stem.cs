using BossNas.Core.Nn.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.MBConv.Ops;

/// <summary>
/// The stem: Conv3x3 (stride) + BN + SiLU, then timm's DepthwiseSeparableConv: depthwise 3x3 + BN + SiLU → SE (ratio of
/// its input) → pw 1x1 + BN, with a residual only when its input and output channels are equal.
/// </summary>
internal sealed class Stem : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly Conv2d conv_stem;
    private readonly BatchNorm2d bn0;
    private readonly SiLU act0;
    private readonly Conv2d conv_dw;
    private readonly BatchNorm2d bn1;
    private readonly SiLU act1;
    private readonly nn.Module<Tensor, Tensor> se;
    private readonly Conv2d conv_pw;
    private readonly BatchNorm2d bn2;
    private readonly bool _residual;

    public Stem(int imageChannels, int stemChannels, int firstChannels, int stride, double seRatio, bool bnAffine = true) : base(nameof(Stem))
    {
        conv_stem = nn.Conv2d(imageChannels, stemChannels, 3, stride: stride, padding: 1, bias: false);
        bn0 = nn.BatchNorm2d(stemChannels, affine: bnAffine);
        act0 = nn.SiLU();
        conv_dw = nn.Conv2d(stemChannels, stemChannels, 3, padding: 1, groups: stemChannels, bias: false);
        bn1 = nn.BatchNorm2d(stemChannels, affine: bnAffine);
        act1 = nn.SiLU();
        se = seRatio > 0 ? new SqueezeExcite(stemChannels, MBConvOp.SeReduced(stemChannels, seRatio)) : nn.Identity();
        conv_pw = nn.Conv2d(stemChannels, firstChannels, 1, bias: false);
        bn2 = nn.BatchNorm2d(firstChannels, affine: bnAffine);
        _residual = stemChannels == firstChannels;
        RegisterComponents();
    }

    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = act0.call(bn0.call(conv_stem.call(images)));
        var y = act1.call(bn1.call(conv_dw.call(x)));
        y = bn2.call(conv_pw.call(se.call(y)));
        if (_residual) y = y + x;
        return y.MoveToOuterDisposeScope();
    }

    public string ExportOnnx(OnnxGraph graph, string input)
    {
        var x = graph.Module(act0, graph.Module(bn0, graph.Module(conv_stem, input)));
        var y = graph.Module(act1, graph.Module(bn1, graph.Module(conv_dw, x)));
        y = graph.Module(bn2, graph.Module(conv_pw, graph.Module(se, y)));
        return _residual ? graph.Add(y, x) : y;
    }
}
