using Xunit;
using BossNas.Core.Architectures;
using BossNas.Engine.Eval;
using BossNas.Engine.Export;
using static TorchSharp.torch;

namespace BossNas.Tests.Support;

/// <summary>Exports a network to ONNX in memory, runs it in ONNX Runtime and compares with TorchSharp's forward.</summary>
internal static class OnnxCheck
{
    /// <summary>The largest |logit difference| between ONNX Runtime and TorchSharp (eval mode) on <paramref name="images"/>.</summary>
    public static double MaxLogitDifference(nn.Module<Tensor, Tensor> network, InputShape input, Tensor images) =>
        Compare(network, input, images).Difference;

    /// <summary>
    /// Exports <paramref name="network"/>, runs both on <paramref name="images"/>: the largest |logit difference|, the largest
    /// |logit| (the scale the difference is measured against) and the operators the graph uses.
    /// </summary>
    public static (double Difference, double Scale, IReadOnlyList<string> Operators) Compare(nn.Module<Tensor, Tensor> network, InputShape input,
        Tensor images)
    {
        var graph = OnnxExporter.Graph(network, input);
        using var onnx = new OnnxClassifier(OnnxModelWriter.ToBytes(graph));
        double scale;
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            network.eval();
            scale = network.call(images).abs().max().item<float>();
        }
        return (MaxDifference(network, onnx, images), scale, graph.Nodes.Select(n => n.OpType).Distinct().Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The largest |logit difference| between <paramref name="onnx"/> and <paramref name="network"/> in eval mode.</summary>
    public static double MaxDifference(nn.Module<Tensor, Tensor> network, OnnxClassifier onnx, Tensor images)
    {
        using var scope = NewDisposeScope();
        network.eval();
        using var noGrad = no_grad();
        var expected = network.call(images);
        var actual = onnx.Logits(images);
        Assert.Equal(expected.shape, actual.shape);
        return (expected - actual).abs().max().item<float>();
    }
}
