using System.Reflection;
using BossNas.Core.Nn.Onnx;

namespace BossNas.Engine.Export;

/// <summary>
/// Encodes an <see cref="OnnxGraph"/> as an ONNX <c>ModelProto</c> (IR version <see cref="IrVersion"/>, default domain at
/// <see cref="OnnxGraph.Opset"/>), field numbers as onnx.proto gives them. Any ONNX runtime loads the result.
/// </summary>
public static class OnnxModelWriter
{
    /// <summary>The ONNX IR version written (8: opsets up to 18).</summary>
    public const long IrVersion = 8;

    /// <summary>
    /// The model's bytes, with <paramref name="metadata"/> as its <c>metadata_props</c>, plus the digest of its
    /// initializers under <see cref="OnnxInitializerDigest.MetadataKey"/> (which <c>bossnas eval</c> checks).
    /// </summary>
    public static byte[] ToBytes(OnnxGraph graph, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var model = new ProtoMessage()
            .Int64(1, IrVersion)
            .String(2, "BossNas Framework")
            .String(3, typeof(OnnxModelWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "")
            .Message(7, Graph(graph))
            .Message(8, new ProtoMessage().Int64(2, OnnxGraph.Opset));
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
            if (key != OnnxInitializerDigest.MetadataKey)
                model.Message(14, new ProtoMessage().String(1, key).String(2, value));
        model.Message(14, new ProtoMessage().String(1, OnnxInitializerDigest.MetadataKey).String(2, OnnxInitializerDigest.Of(graph.Initializers)));
        return model.Encoded().ToArray();
    }

    /// <summary>Writes the model to <paramref name="path"/> (through a temporary file, so a reader never sees half of it).</summary>
    public static void Write(string path, OnnxGraph graph, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var tmp = path + ".tmp";
        File.WriteAllBytes(tmp, ToBytes(graph, metadata));
        File.Move(tmp, path, overwrite: true);
    }

    private static ProtoMessage Graph(OnnxGraph graph)
    {
        var g = new ProtoMessage();
        foreach (var node in graph.Nodes) g.Message(1, Node(node));
        g.String(2, graph.Name);
        foreach (var tensor in graph.Initializers) g.Message(5, Tensor(tensor));
        foreach (var input in graph.Inputs) g.Message(11, ValueInfo(input));
        foreach (var output in graph.Outputs) g.Message(12, ValueInfo(output));
        return g;
    }

    private static ProtoMessage Node(OnnxNode node)
    {
        var n = new ProtoMessage();
        foreach (var input in node.Inputs) n.String(1, input);
        foreach (var output in node.Outputs) n.String(2, output);
        n.String(3, node.Name).String(4, node.OpType);
        foreach (var a in node.Attributes) n.Message(5, Attribute(a));
        return n;
    }

    private static ProtoMessage Attribute(OnnxAttribute a)
    {
        var m = new ProtoMessage().String(1, a.Name);
        switch (a.Type)
        {
            case OnnxAttributeType.Float: m.Float(2, a.Floats[0]); break;
            case OnnxAttributeType.Int: m.Int64(3, a.Ints[0]); break;
            case OnnxAttributeType.String: m.String(4, a.Text ?? ""); break;
            case OnnxAttributeType.Floats: foreach (var f in a.Floats) m.Float(7, f); break;
            case OnnxAttributeType.Ints: foreach (var i in a.Ints) m.Int64(8, i); break;
        }
        return m.Int64(20, (long)a.Type);
    }

    private static ProtoMessage Tensor(OnnxTensor t)
    {
        var m = new ProtoMessage();
        foreach (var d in t.Dims) m.Int64(1, d);
        return m.Int64(2, (long)t.Type).String(8, t.Name).Bytes(9, t.RawData);
    }

    private static ProtoMessage ValueInfo(OnnxValueInfo v)
    {
        var shape = new ProtoMessage();
        foreach (var d in v.Shape)
            shape.Message(1, d.Param is { } param ? new ProtoMessage().String(2, param) : new ProtoMessage().Int64(1, d.Value));
        var tensorType = new ProtoMessage().Int64(1, (long)v.Type).Message(2, shape);
        return new ProtoMessage().String(1, v.Name).Message(2, new ProtoMessage().Message(1, tensorType));
    }
}
