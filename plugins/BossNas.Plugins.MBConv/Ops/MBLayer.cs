using BossNas.Core.Nn.Onnx;
using static TorchSharp.torch;

namespace BossNas.Plugins.MBConv.Ops;

/// <summary>A stand-alone MBConv layer: one op's branch plus its residual (the residual alone for the skip).</summary>
internal sealed class MBLayer : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly InvertedResidualBranch? op;
    private readonly nn.Module<Tensor, Tensor> shortcut;

    public MBLayer(int inChannels, int outChannels, MBConvOp candidate, int stride, double seRatio) : base(nameof(MBLayer))
    {
        op = candidate.IsSkip ? null : new InvertedResidualBranch(inChannels, outChannels, candidate, stride, seRatio);
        shortcut = Shortcut.Create(inChannels, outChannels, stride);
        RegisterComponents();
    }

    /// <summary>The branch, or null for the skip.</summary>
    public InvertedResidualBranch? Op => op;

    public nn.Module<Tensor, Tensor> ShortcutModule => shortcut;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var residual = shortcut.call(x);
        return (op is null ? residual : op.call(x) + residual).MoveToOuterDisposeScope();
    }

    public string ExportOnnx(OnnxGraph graph, string input)
    {
        var residual = graph.Module(shortcut, input);
        return op is null ? residual : graph.Add(graph.Module(op, input), residual);
    }
}
