using BossNas.Core.Nn.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.HyTra.Modules;

/// <summary>
/// ResConv of the search (a timm ResNet bottleneck with PEG): conv1 1x1 → PEG → BN → ReLU → conv2 3x3 → BN →
/// ReLU → conv3 1x1 → BN (γ = 0) → + shortcut → ReLU. The shortcut is the identity, or conv1x1 + BN + ReLU when
/// channels change. The <c>_d</c> branch takes the next finer level's map: conv1_d 1x1 → PEG stride 2 → BN, with
/// shortcut conv3x3 stride 2 + BN + ReLU; conv2 onwards is shared.
/// </summary>
internal sealed class ResConvOp : LevelOp
{
    private readonly Sequential? downsample;
    private readonly Conv2d? conv1;
    private readonly Conv2d? peg;
    private readonly BatchNorm2d? bn1;
    private readonly Sequential? downsample_d;
    private readonly Conv2d? conv1_d;
    private readonly Conv2d? peg_d;
    private readonly BatchNorm2d? bn1_d;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;

    /// <param name="inChannels">Input channels of the same-level branch.</param>
    /// <param name="upChannels">Input channels of the down-sampling branch (the finer level's width).</param>
    /// <param name="outChannels">Output channels (the level's width); the bottleneck is a quarter.</param>
    /// <param name="hasSame">Build the same-level branch.</param>
    /// <param name="hasDown">Build the down-sampling branch.</param>
    public ResConvOp(int inChannels, int upChannels, int outChannels, bool hasSame, bool hasDown)
        : base(nameof(ResConvOp), hasSame, hasDown)
    {
        int planes = outChannels / 4;
        if (hasSame)
        {
            if (inChannels != outChannels) downsample = Layers.ConvBnAct(inChannels, outChannels, 1, 1, Activation.Relu);
            conv1 = Layers.Conv(inChannels, planes, 1);
            peg = Layers.Peg(planes, 1);
            bn1 = Layers.Bn(planes);
        }
        if (hasDown)
        {
            downsample_d = Layers.ConvBnAct(upChannels, outChannels, 3, 2, Activation.Relu);
            conv1_d = Layers.Conv(upChannels, planes, 1);
            peg_d = Layers.Peg(planes, 2);
            bn1_d = Layers.Bn(planes);
        }
        conv2 = Layers.Conv(planes, planes, 3);
        bn2 = Layers.Bn(planes);
        conv3 = Layers.Conv(planes, outChannels, 1);
        bn3 = Layers.ZeroBn(outChannels);
        RegisterComponents();
    }

    public override Tensor Forward(Tensor x, bool down)
    {
        CheckBranch(down);
        using var scope = NewDisposeScope();
        Tensor residual, h;
        if (down)
        {
            residual = downsample_d!.call(x);
            h = bn1_d!.call(peg_d!.call(conv1_d!.call(x)));
        }
        else
        {
            residual = downsample is null ? x.alias() : downsample.call(x);
            h = bn1!.call(peg!.call(conv1!.call(x)));
        }
        h = nn.functional.relu(h);
        h = nn.functional.relu(bn2.call(conv2.call(h)));
        h = bn3.call(conv3.call(h));
        return nn.functional.relu(h.add(residual)).MoveToOuterDisposeScope();
    }

    public override string ExportOnnx(OnnxGraph graph, string input, bool down)
    {
        CheckBranch(down);
        string residual, h;
        if (down)
        {
            residual = graph.Module(downsample_d!, input);
            h = graph.Module(bn1_d!, graph.Module(peg_d!, graph.Module(conv1_d!, input)));
        }
        else
        {
            residual = downsample is null ? input : graph.Module(downsample, input);
            h = graph.Module(bn1!, graph.Module(peg!, graph.Module(conv1!, input)));
        }
        h = graph.Relu(h);
        h = graph.Relu(graph.Module(bn2, graph.Module(conv2, h)));
        h = graph.Module(bn3, graph.Module(conv3, h));
        return graph.Relu(graph.Add(h, residual));
    }
}
