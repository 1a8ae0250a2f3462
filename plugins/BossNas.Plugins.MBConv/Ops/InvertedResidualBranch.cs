using BossNas.Core.Nn.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.MBConv.Ops;

/// <summary>
/// The main branch of an MBConv: pw-expand 1x1 → BN → SiLU → depthwise k×k (stride) → BN → SiLU → SE → pw-linear 1x1 → BN.
/// The residual is added by the layer that owns it, because in the supernet the four candidates of a layer share it.
/// </summary>
internal sealed class InvertedResidualBranch : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly Conv2d conv_pw;
    private readonly BatchNorm2d bn1;
    private readonly SiLU act1;
    private readonly Conv2d conv_dw;
    private readonly BatchNorm2d bn2;
    private readonly SiLU act2;
    private readonly nn.Module<Tensor, Tensor> se;
    private readonly Conv2d conv_pwl;
    private readonly BatchNorm2d bn3;

    public InvertedResidualBranch(int inChannels, int outChannels, MBConvOp op, int stride, double seRatio, bool bnAffine = true)
        : base(nameof(InvertedResidualBranch))
    {
        int mid = op.Mid(inChannels);
        conv_pw = nn.Conv2d(inChannels, mid, 1, bias: false);
        bn1 = nn.BatchNorm2d(mid, affine: bnAffine);
        act1 = nn.SiLU();
        conv_dw = nn.Conv2d(mid, mid, op.Kernel, stride: stride, padding: op.Kernel / 2, groups: mid, bias: false);
        bn2 = nn.BatchNorm2d(mid, affine: bnAffine);
        act2 = nn.SiLU();
        se = seRatio > 0 ? new SqueezeExcite(mid, MBConvOp.SeReduced(inChannels, seRatio)) : nn.Identity();
        conv_pwl = nn.Conv2d(mid, outChannels, 1, bias: false);
        bn3 = nn.BatchNorm2d(outChannels, affine: bnAffine);
        RegisterComponents();
    }

    /// <summary>The last BatchNorm (after the pw-linear conv, before the residual add): BN-NAS's indicator reads its γ.</summary>
    public BatchNorm2d LastNorm => bn3;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = act1.call(bn1.call(conv_pw.call(x)));
        y = act2.call(bn2.call(conv_dw.call(y)));
        y = bn3.call(conv_pwl.call(se.call(y)));
        return y.MoveToOuterDisposeScope();
    }

    public string ExportOnnx(OnnxGraph graph, string input)
    {
        var y = graph.Module(act1, graph.Module(bn1, graph.Module(conv_pw, input)));
        y = graph.Module(act2, graph.Module(bn2, graph.Module(conv_dw, y)));
        return graph.Module(bn3, graph.Module(conv_pwl, graph.Module(se, y)));
    }
}
