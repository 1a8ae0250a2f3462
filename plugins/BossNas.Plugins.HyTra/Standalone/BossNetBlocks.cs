using BossNas.Plugins.HyTra.Modules;
using BossNas.Core.Nn.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.HyTra.Standalone;

/// <summary>A BossNet block whose last BatchNorm starts at γ = 0 (timm's zero_init_last_bn).</summary>
internal interface IZeroInitLastBn
{
    void ZeroInitLastBn();
}

/// <summary>BossNet's shortcuts: timm's avg-down (AvgPool 2x2 ceil, no padding counted) + conv1x1 + BN.</summary>
internal static class AvgDown
{
    /// <summary>The shortcut, or null for the identity (same channels, stride 1).</summary>
    public static Sequential? Create(int inChannels, int outChannels, int stride)
    {
        if (stride == 1 && inChannels == outChannels) return null;
        var conv = Layers.Conv(inChannels, outChannels, 1);
        var bn = Layers.Bn(outChannels);
        return stride == 1
            ? nn.Sequential(("conv", conv), ("bn", bn))
            : nn.Sequential(("pool", nn.AvgPool2d(2, stride: 2, ceil_mode: true, count_include_pad: false)),
                ("conv", conv), ("bn", bn));
    }
}

/// <summary>
/// BossNet's ResConv (<c>retraining_hytra/boss_candidates/resnet_op.py</c>): conv1 1x1 → PEG (stride) → BN → act →
/// conv2 3x3 → BN → act → conv3 1x1 → BN → [SE] → + avg-down shortcut → act. No drop-path (a training
/// regulariser the trainer may add).
/// </summary>
internal sealed class BossResConv : nn.Module<Tensor, Tensor>, IZeroInitLastBn, IOnnxExportable
{
    private readonly Sequential? downsample;
    private readonly Conv2d conv1;
    private readonly Conv2d peg;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly SqueezeExcite? se;
    private readonly Activation _act;

    public BossResConv(int inChannels, int outChannels, int stride, bool useSe, Activation act) : base(nameof(BossResConv))
    {
        int planes = outChannels / 4;
        _act = act;
        downsample = AvgDown.Create(inChannels, outChannels, stride);
        conv1 = Layers.Conv(inChannels, planes, 1);
        peg = Layers.Peg(planes, stride);
        bn1 = Layers.Bn(planes);
        conv2 = Layers.Conv(planes, planes, 3);
        bn2 = Layers.Bn(planes);
        conv3 = Layers.Conv(planes, outChannels, 1);
        bn3 = Layers.Bn(outChannels);
        if (useSe) se = new SqueezeExcite(outChannels);
        RegisterComponents();
    }

    public void ZeroInitLastBn()
    {
        using (no_grad()) bn3.weight!.zero_();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var residual = downsample is null ? x.alias() : downsample.call(x);
        var h = Layers.Act(bn1.call(peg.call(conv1.call(x))), _act);
        h = Layers.Act(bn2.call(conv2.call(h)), _act);
        h = bn3.call(conv3.call(h));
        if (se is not null) h = se.call(h);
        return Layers.Act(h.add(residual), _act).MoveToOuterDisposeScope();
    }

    public string ExportOnnx(OnnxGraph graph, string input)
    {
        var residual = downsample is null ? input : graph.Module(downsample, input);
        var h = Layers.Act(graph, graph.Module(bn1, graph.Module(peg, graph.Module(conv1, input))), _act);
        h = Layers.Act(graph, graph.Module(bn2, graph.Module(conv2, h)), _act);
        h = graph.Module(bn3, graph.Module(conv3, h));
        if (se is not null) h = graph.Module(se, h);
        return Layers.Act(graph, graph.Add(h, residual), _act);
    }
}

/// <summary>
/// BossNet's ResAtt (<c>retraining_hytra/boss_candidates/bot_op.py</c>): proj = conv1x1 → PEG (stride) → BN; act →
/// MHSA → BN → act → conv1x1 → BN; + avg-down shortcut → act. No SE.
/// </summary>
internal sealed class BossResAtt : nn.Module<Tensor, Tensor>, IZeroInitLastBn, IOnnxExportable
{
    private readonly Sequential? shortcut;
    private readonly Sequential proj;
    private readonly MultiHeadSelfAttention attn;
    private readonly BatchNorm2d bn_attn;
    private readonly Conv2d conv_out;
    private readonly BatchNorm2d bn_out;
    private readonly Activation _act;

    public BossResAtt(int inChannels, int outChannels, int stride, int heads, int dimHead, Activation act)
        : base(nameof(BossResAtt))
    {
        _act = act;
        int attnIn = heads * dimHead;
        shortcut = AvgDown.Create(inChannels, outChannels, stride);
        proj = nn.Sequential(("conv", Layers.Conv(inChannels, attnIn, 1)), ("peg", Layers.Peg(attnIn, stride)),
            ("bn", Layers.Bn(attnIn)));
        attn = new MultiHeadSelfAttention(attnIn, heads, dimHead);
        bn_attn = Layers.Bn(attn.InnerDim);
        conv_out = Layers.Conv(attn.InnerDim, outChannels, 1);
        bn_out = Layers.Bn(outChannels);
        RegisterComponents();
    }

    public void ZeroInitLastBn()
    {
        using (no_grad()) bn_out.weight!.zero_();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var residual = shortcut is null ? x.alias() : shortcut.call(x);
        var h = attn.call(Layers.Act(proj.call(x), _act));
        h = Layers.Act(bn_attn.call(h), _act);
        h = bn_out.call(conv_out.call(h));
        return Layers.Act(h.add(residual), _act).MoveToOuterDisposeScope();
    }

    public string ExportOnnx(OnnxGraph graph, string input)
    {
        var residual = shortcut is null ? input : graph.Module(shortcut, input);
        var h = graph.Module(attn, Layers.Act(graph, graph.Module(proj, input), _act));
        h = Layers.Act(graph, graph.Module(bn_attn, h), _act);
        h = graph.Module(bn_out, graph.Module(conv_out, h));
        return Layers.Act(graph, graph.Add(h, residual), _act);
    }
}
