using BossNas.Core.Nn.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.HyTra.Standalone;

/// <summary>
/// Squeeze-and-excitation as timm's <c>create_attn('se')</c> of 2021: global mean → conv1x1 (bias) to
/// max(C/16, 8) → ReLU → conv1x1 (bias) back to C → sigmoid gate.
/// </summary>
internal sealed class SqueezeExcite : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly Conv2d fc1;
    private readonly Conv2d fc2;

    public SqueezeExcite(int channels) : base(nameof(SqueezeExcite))
    {
        int reduced = ReducedChannels(channels);
        fc1 = nn.Conv2d(channels, reduced, 1, bias: true);
        fc2 = nn.Conv2d(reduced, channels, 1, bias: true);
        RegisterComponents();
    }

    public static int ReducedChannels(int channels) => Math.Max(channels / 16, 8);

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var s = x.mean(new long[] { 2, 3 }, keepdim: true);
        s = fc2.call(nn.functional.relu(fc1.call(s))).sigmoid();
        return x.mul(s).MoveToOuterDisposeScope();
    }

    public string ExportOnnx(OnnxGraph graph, string input)
    {
        var s = graph.Module(fc2, graph.Relu(graph.Module(fc1, graph.GlobalAveragePool(input))));
        return graph.Mul(input, graph.Sigmoid(s));
    }
}
