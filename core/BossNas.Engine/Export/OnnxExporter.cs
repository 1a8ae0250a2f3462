using BossNas.Core.Architectures;
using BossNas.Core.Nn.Onnx;
using static TorchSharp.torch;

namespace BossNas.Engine.Export;

/// <summary>
/// A classifier network as an ONNX model: input <see cref="InputName"/> of float32 NCHW images (already normalised as
/// for training, or in [0, 1] when the normalisation is folded in) with a symbolic batch dimension
/// <see cref="BatchDimension"/>, output <see cref="OutputName"/>, the logits [batch, classes]. The graph is the network's
/// eval-mode forward, described module by module (<see cref="OnnxGraph.Module"/>), after a Sub and a Div node of the
/// per-channel mean and std when the normalisation is folded in.
/// </summary>
public static class OnnxExporter
{
    /// <summary>Name of the model's input.</summary>
    public const string InputName = "input";

    /// <summary>Name of the model's output.</summary>
    public const string OutputName = "logits";

    /// <summary>Name of the symbolic batch dimension.</summary>
    public const string BatchDimension = "batch";

    /// <summary>The graph of <paramref name="network"/>'s eval-mode forward on images of <paramref name="input"/>.</summary>
    /// <remarks>The network is put in eval mode while the graph is built, and back in its former mode afterwards.</remarks>
    /// <param name="network">The network.</param>
    /// <param name="input">The images it takes.</param>
    /// <param name="normalization">Per-channel (mean, std) the graph applies to its input first, or null.</param>
    /// <exception cref="NotSupportedException">A module of the network has no ONNX form.</exception>
    public static OnnxGraph Graph(nn.Module<Tensor, Tensor> network, InputShape input, (float[] Mean, float[] Std)? normalization = null)
    {
        bool training = network.training;
        network.eval();
        try
        {
            var graph = new OnnxGraph(network);
            var batch = OnnxDimension.Symbolic(BatchDimension);
            var x = graph.AddInput(InputName, OnnxElementType.Float, batch, input.Channels, input.Height, input.Width);
            if (normalization is var (mean, std))
            {
                // The same two float32 operations as training's normalisation, so the logits match it bit for bit.
                using var m = tensor(mean).view(1, -1, 1, 1);
                using var sd = tensor(std).view(1, -1, 1, 1);
                x = graph.Node("Div", [graph.Node("Sub", [x, graph.Initializer(m)]), graph.Initializer(sd)]);
            }
            graph.NamedNode(OutputName, "Identity", [graph.Module(network, x)]);
            graph.AddOutput(OutputName, OnnxElementType.Float, batch, input.Classes);
            return graph;
        }
        finally
        {
            network.train(training);
        }
    }

    /// <summary>Writes <paramref name="network"/> as an ONNX model to <paramref name="path"/>.</summary>
    /// <exception cref="NotSupportedException">A module of the network has no ONNX form.</exception>
    public static void Write(string path, nn.Module<Tensor, Tensor> network, InputShape input, IReadOnlyDictionary<string, string>? metadata = null,
        (float[] Mean, float[] Std)? normalization = null) =>
        OnnxModelWriter.Write(path, Graph(network, input, normalization), metadata);

    /// <summary>The ONNX model of <paramref name="network"/> in memory.</summary>
    /// <exception cref="NotSupportedException">A module of the network has no ONNX form.</exception>
    public static byte[] ToBytes(nn.Module<Tensor, Tensor> network, InputShape input, IReadOnlyDictionary<string, string>? metadata = null) =>
        OnnxModelWriter.ToBytes(Graph(network, input), metadata);
}
