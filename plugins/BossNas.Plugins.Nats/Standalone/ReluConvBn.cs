using BossNas.Core.Nn.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.Nats.Standalone;

/// <summary>NATS's ReLU → Conv (no bias) → BN at fixed widths.</summary>
internal sealed class ReluConvBn : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly ReLU relu;
    private readonly Conv2d conv;
    private readonly BatchNorm2d bn;

    public ReluConvBn(int cin, int cout, int kernel, int stride) : base(nameof(ReluConvBn))
    {
        relu = nn.ReLU();
        conv = nn.Conv2d(cin, cout, kernel, stride: stride, padding: kernel / 2, bias: false);
        bn = nn.BatchNorm2d(cout);
        RegisterComponents();
    }

    public Conv2d Conv => conv;

    public BatchNorm2d Bn => bn;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return bn.call(conv.call(relu.call(x))).MoveToOuterDisposeScope();
    }

    public string ExportOnnx(OnnxGraph graph, string input) => graph.Module(bn, graph.Module(conv, graph.Module(relu, input)));
}
