using BossNas.Core.Nn.Elastic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.Nats.Supernet;

/// <summary>
/// The reduction ResNet basic block with shared kernels: ReLU-Conv3x3(stride 2)-BN → ReLU-Conv3x3-BN, plus the
/// residual AvgPool2d(2) → Conv1x1 (no BN).
/// </summary>
internal sealed class SlimResBlock : SlimLayer
{
    private readonly SlimReluConvBn conv_a;
    private readonly SlimReluConvBn conv_b;
    private readonly AvgPool2d pool;
    private readonly SlimmableConv2d downsample;
    private readonly IReadOnlyList<int> _widths;

    public SlimResBlock(IReadOnlyList<int> widths) : base(nameof(SlimResBlock))
    {
        _widths = widths;
        conv_a = new SlimReluConvBn(widths, 3, 2);
        conv_b = new SlimReluConvBn(widths, 3, 1);
        pool = nn.AvgPool2d(2, 2);
        downsample = new SlimmableConv2d(widths[^1], widths[^1], 1, 1, 0);
        RegisterComponents();
    }

    public SlimReluConvBn ConvA => conv_a;

    public SlimReluConvBn ConvB => conv_b;

    public SlimmableConv2d Downsample => downsample;

    public override Tensor Forward(Tensor x, int outIndex)
    {
        using var scope = NewDisposeScope();
        var main = conv_b.Forward(conv_a.Forward(x, outIndex), outIndex);
        var residual = downsample.Forward(pool.call(x), _widths[outIndex]);
        return (main + residual).MoveToOuterDisposeScope();
    }
}
