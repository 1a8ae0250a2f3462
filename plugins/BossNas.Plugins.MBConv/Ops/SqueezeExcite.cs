using BossNas.Core.Nn.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.MBConv.Ops;

/// <summary>timm's SqueezeExcite: global mean → 1x1 conv (bias) → SiLU → 1x1 conv (bias) → sigmoid gate on the input.</summary>
internal sealed class SqueezeExcite : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly Conv2d conv_reduce;
    private readonly SiLU act1;
    private readonly Conv2d conv_expand;

    public SqueezeExcite(int channels, int reduced) : base(nameof(SqueezeExcite))
    {
        conv_reduce = nn.Conv2d(channels, reduced, 1, bias: true);
        act1 = nn.SiLU();
        conv_expand = nn.Conv2d(reduced, channels, 1, bias: true);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var s = x.mean(new long[] { 2, 3 }, keepdim: true);
        s = conv_expand.call(act1.call(conv_reduce.call(s)));
        return (x * s.sigmoid()).MoveToOuterDisposeScope();
    }

    public string ExportOnnx(OnnxGraph graph, string input)
    {
        var s = graph.Module(conv_expand, graph.Module(act1, graph.Module(conv_reduce, graph.GlobalAveragePool(input))));
        return graph.Mul(input, graph.Sigmoid(s));
    }
}
