using BossNas.Core.Nn.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.Nats.Standalone;

/// <summary>The reduction basic block: ReLU-Conv3x3(s2)-BN → ReLU-Conv3x3-BN, plus AvgPool2d(2) → Conv1x1 (no BN).</summary>
internal sealed class ResBlock : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly ReluConvBn conv_a;
    private readonly ReluConvBn conv_b;
    private readonly AvgPool2d pool;
    private readonly Conv2d downsample;

    public ResBlock(int cin, int cout) : base(nameof(ResBlock))
    {
        conv_a = new ReluConvBn(cin, cout, 3, 2);
        conv_b = new ReluConvBn(cout, cout, 3, 1);
        pool = nn.AvgPool2d(2, 2);
        downsample = nn.Conv2d(cin, cout, 1, bias: false);
        RegisterComponents();
    }

    public ReluConvBn ConvA => conv_a;

    public ReluConvBn ConvB => conv_b;

    public Conv2d Downsample => downsample;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return (conv_b.call(conv_a.call(x)) + downsample.call(pool.call(x))).MoveToOuterDisposeScope();
    }

    public string ExportOnnx(OnnxGraph graph, string input) =>
        graph.Add(graph.Module(conv_b, graph.Module(conv_a, input)), graph.Module(downsample, graph.Module(pool, input)));
}
