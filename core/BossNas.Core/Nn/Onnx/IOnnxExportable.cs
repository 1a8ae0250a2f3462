namespace BossNas.Core.Nn.Onnx;

/// <summary>
/// A custom module that can describe its forward (in eval mode) as ONNX nodes. <see cref="OnnxGraph.Module"/> calls it
/// for every module that is not one of the standard TorchSharp modules the graph exports itself; a module exports its
/// children through <see cref="OnnxGraph.Module"/> again.
/// </summary>
public interface IOnnxExportable
{
    /// <summary>Adds the nodes of this module's forward on value <paramref name="input"/>; returns the output value's name.</summary>
    /// <param name="graph">The graph being built.</param>
    /// <param name="input">Name of the value the module receives.</param>
    string ExportOnnx(OnnxGraph graph, string input);
}
