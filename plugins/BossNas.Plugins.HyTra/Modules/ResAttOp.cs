using BossNas.Core.Nn.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.HyTra.Modules;

/// <summary>
/// ResAtt of the search (a BoTNet block with PEG): proj = conv1x1 → PEG → BN; then ReLU → MHSA → BN → ReLU →
/// conv1x1 → BN (γ = 0); + shortcut → ReLU. The shortcut is the identity, or conv1x1 + BN + ReLU when channels
/// change. The <c>_d</c> branch has its own proj (PEG stride 2) and a conv3x3 stride-2 shortcut; the attention
/// part is shared.
/// </summary>
internal sealed class ResAttOp : LevelOp
{
    private readonly Sequential? shortcut;
    private readonly Sequential? proj;
    private readonly Sequential? shortcut_d;
    private readonly Sequential? proj_d;
    private readonly MultiHeadSelfAttention attn;
    private readonly BatchNorm2d bn_attn;
    private readonly Conv2d conv_out;
    private readonly BatchNorm2d bn_out;

    /// <param name="inChannels">Input channels of the same-level branch.</param>
    /// <param name="upChannels">Input channels of the down-sampling branch.</param>
    /// <param name="outChannels">Output channels; attention runs on a quarter of them.</param>
    /// <param name="heads">Attention heads.</param>
    /// <param name="dimHead">Channels per head.</param>
    /// <param name="hasSame">Build the same-level branch.</param>
    /// <param name="hasDown">Build the down-sampling branch.</param>
    public ResAttOp(int inChannels, int upChannels, int outChannels, int heads, int dimHead, bool hasSame, bool hasDown,
        bool transposedAttention = false)
        : base(nameof(ResAttOp), hasSame, hasDown)
    {
        int attnIn = outChannels / 4;
        if (hasSame)
        {
            if (inChannels != outChannels) shortcut = Layers.ConvBnAct(inChannels, outChannels, 1, 1, Activation.Relu);
            proj = Proj(inChannels, attnIn, 1);
        }
        if (hasDown)
        {
            shortcut_d = Layers.ConvBnAct(upChannels, outChannels, 3, 2, Activation.Relu);
            proj_d = Proj(upChannels, attnIn, 2);
        }
        attn = new MultiHeadSelfAttention(attnIn, heads, dimHead, transposedAttention);
        bn_attn = Layers.Bn(attn.InnerDim);
        conv_out = Layers.Conv(attn.InnerDim, outChannels, 1);
        bn_out = Layers.ZeroBn(outChannels);
        RegisterComponents();
    }

    private static Sequential Proj(int cin, int attnIn, int stride) =>
        nn.Sequential(("conv", Layers.Conv(cin, attnIn, 1)), ("peg", Layers.Peg(attnIn, stride)), ("bn", Layers.Bn(attnIn)));

    public override Tensor Forward(Tensor x, bool down)
    {
        CheckBranch(down);
        using var scope = NewDisposeScope();
        Tensor residual, h;
        if (down)
        {
            residual = shortcut_d!.call(x);
            h = proj_d!.call(x);
        }
        else
        {
            residual = shortcut is null ? x.alias() : shortcut.call(x);
            h = proj!.call(x);
        }
        h = attn.call(nn.functional.relu(h));
        h = nn.functional.relu(bn_attn.call(h));
        h = bn_out.call(conv_out.call(h));
        return nn.functional.relu(h.add(residual)).MoveToOuterDisposeScope();
    }

    public override string ExportOnnx(OnnxGraph graph, string input, bool down)
    {
        CheckBranch(down);
        var residual = down ? graph.Module(shortcut_d!, input) : shortcut is null ? input : graph.Module(shortcut, input);
        var h = graph.Module(down ? proj_d! : proj!, input);
        h = graph.Module(attn, graph.Relu(h));
        h = graph.Relu(graph.Module(bn_attn, h));
        h = graph.Module(bn_out, graph.Module(conv_out, h));
        return graph.Relu(graph.Add(h, residual));
    }
}
