namespace BossNas.Core.Nn.Onnx;

/// <summary>Element types of ONNX tensors this framework writes (the values of ONNX's <c>TensorProto.DataType</c>).</summary>
public enum OnnxElementType
{
    /// <summary>32-bit float.</summary>
    Float = 1,

    /// <summary>64-bit signed integer (shapes, pads, axes).</summary>
    Int64 = 7,
}

/// <summary>Attribute kinds (the values of ONNX's <c>AttributeProto.AttributeType</c>).</summary>
public enum OnnxAttributeType
{
    /// <summary>One float.</summary>
    Float = 1,

    /// <summary>One integer.</summary>
    Int = 2,

    /// <summary>One string (e.g. <c>Resize</c>'s <c>mode</c>).</summary>
    String = 3,

    /// <summary>A list of floats.</summary>
    Floats = 6,

    /// <summary>A list of integers.</summary>
    Ints = 7,
}

/// <summary>A node attribute: a float, an integer, a list of either, or a string.</summary>
/// <param name="Name">Attribute name, as the operator defines it.</param>
/// <param name="Type">Which of the value fields is used.</param>
/// <param name="Floats">The float value(s): one for <see cref="OnnxAttributeType.Float"/>.</param>
/// <param name="Ints">The integer value(s): one for <see cref="OnnxAttributeType.Int"/>.</param>
/// <param name="Text">The value of a <see cref="OnnxAttributeType.String"/> attribute.</param>
public sealed record OnnxAttribute(string Name, OnnxAttributeType Type, IReadOnlyList<float> Floats, IReadOnlyList<long> Ints, string? Text = null)
{
    /// <summary>A string attribute.</summary>
    public static OnnxAttribute String(string name, string value) => new(name, OnnxAttributeType.String, [], [], value);

    /// <summary>An integer attribute.</summary>
    public static OnnxAttribute Int(string name, long value) => new(name, OnnxAttributeType.Int, [], [value]);

    /// <summary>An integer-list attribute.</summary>
    public static OnnxAttribute IntList(string name, params long[] values) => new(name, OnnxAttributeType.Ints, [], values);

    /// <summary>A float attribute.</summary>
    public static OnnxAttribute Float(string name, float value) => new(name, OnnxAttributeType.Float, [value], []);

    /// <summary>A float-list attribute.</summary>
    public static OnnxAttribute FloatList(string name, params float[] values) => new(name, OnnxAttributeType.Floats, values, []);
}

/// <summary>One operator application.</summary>
/// <param name="OpType">The operator (default ONNX domain), e.g. <c>Conv</c>.</param>
/// <param name="Name">A unique node name.</param>
/// <param name="Inputs">Input value names; an empty name leaves an optional input out.</param>
/// <param name="Outputs">Output value names.</param>
/// <param name="Attributes">The node's attributes.</param>
public sealed record OnnxNode(string OpType, string Name, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs,
    IReadOnlyList<OnnxAttribute> Attributes);

/// <summary>A constant tensor of the graph (weights, buffers, shape constants), stored as raw little-endian bytes.</summary>
/// <param name="Name">Value name.</param>
/// <param name="Type">Element type.</param>
/// <param name="Dims">Shape; empty for a scalar.</param>
/// <param name="RawData">The elements in row-major order.</param>
public sealed record OnnxTensor(string Name, OnnxElementType Type, IReadOnlyList<long> Dims, byte[] RawData);

/// <summary>One dimension of a graph input or output: a fixed size, or a named symbolic one such as <c>batch</c>.</summary>
/// <param name="Value">The size, when fixed.</param>
/// <param name="Param">The symbol, when symbolic (then <paramref name="Value"/> is unused).</param>
public readonly record struct OnnxDimension(long Value, string? Param)
{
    /// <summary>A fixed size.</summary>
    public static implicit operator OnnxDimension(long value) => new(value, null);

    /// <summary>A named symbolic dimension.</summary>
    public static OnnxDimension Symbolic(string name) => new(0, name);
}

/// <summary>A typed graph input or output.</summary>
/// <param name="Name">Value name.</param>
/// <param name="Type">Element type.</param>
/// <param name="Shape">Its dimensions.</param>
public sealed record OnnxValueInfo(string Name, OnnxElementType Type, IReadOnlyList<OnnxDimension> Shape);
