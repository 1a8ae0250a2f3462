using BossNas.Core.Nn.Elastic;
using static TorchSharp.torch;

namespace BossNas.Plugins.Nats.Supernet;

/// <summary>NATS's ReLU → Conv → BN with a slimmable conv and a switchable BN.</summary>
internal sealed class SlimReluConvBn : nn.Module
{
    private readonly SlimmableConv2d conv;
    private readonly SwitchableBatchNorm2d bn;
    private readonly IReadOnlyList<int> _widths;

    public SlimReluConvBn(IReadOnlyList<int> widths, int kernel, int stride) : base(nameof(SlimReluConvBn))
    {
        _widths = widths;
        int max = widths[^1];
        conv = new SlimmableConv2d(max, max, kernel, stride, kernel / 2);
        bn = new SwitchableBatchNorm2d(widths);
        RegisterComponents();
    }

    public SlimmableConv2d Conv => conv;

    public SwitchableBatchNorm2d Bn => bn;

    public Tensor Forward(Tensor x, int outIndex)
    {
        using var scope = NewDisposeScope();
        return bn.Forward(conv.Forward(nn.functional.relu(x), _widths[outIndex]), outIndex).MoveToOuterDisposeScope();
    }
}
