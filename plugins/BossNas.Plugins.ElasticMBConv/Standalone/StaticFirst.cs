using BossNas.Plugins.ElasticMBConv.Dynamic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.ElasticMBConv.Standalone;

/// <summary>Block 0 of <see cref="StaticNetwork"/> alone, for latency tables: the resize to the child's resolution, then conv + BN + SiLU.</summary>
internal sealed class StaticFirst : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d bn;
    private readonly SiLU act = nn.SiLU();
    private readonly int _resolution;

    public StaticFirst(int imageChannels, int width, int stride, int resolution, double momentum) : base(nameof(StaticFirst))
    {
        conv = nn.Conv2d(imageChannels, width, 3, stride: stride, padding: 1, bias: false);
        bn = nn.BatchNorm2d(width, momentum: momentum);
        _resolution = resolution;
        RegisterComponents();
    }

    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        return act.call(bn.call(conv.call(BilinearResize.Apply(images, _resolution)))).MoveToOuterDisposeScope();
    }
}
