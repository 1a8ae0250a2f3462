namespace BossNas.Core.Nn.Onnx;

/// <summary>Shorthands for the operators custom modules use most, each returning its output's name.</summary>
public sealed partial class OnnxGraph
{
    /// <summary>a + b (broadcasting).</summary>
    public string Add(string a, string b) => Node("Add", [a, b]);

    /// <summary>a · b elementwise (broadcasting).</summary>
    public string Mul(string a, string b) => Node("Mul", [a, b]);

    /// <summary>max(x, 0).</summary>
    public string Relu(string x) => Node("Relu", [x]);

    /// <summary>1 / (1 + e^−x).</summary>
    public string Sigmoid(string x) => Node("Sigmoid", [x]);

    /// <summary>x · sigmoid(x) (SiLU, swish); opset 17 has no operator of its own for it.</summary>
    public string Silu(string x) => Mul(x, Sigmoid(x));

    /// <summary>The mean over all spatial positions of an [N,C,H,W] map, kept as [N,C,1,1].</summary>
    public string GlobalAveragePool(string x) => Node("GlobalAveragePool", [x]);

    /// <summary>[d0, …, d(axis−1)] × [the rest] as a matrix.</summary>
    public string Flatten(string x, long axis = 1) => Node("Flatten", [x], OnnxAttribute.Int("axis", axis));

    /// <summary>Matrix product over the last two dimensions (batched).</summary>
    public string MatMul(string a, string b) => Node("MatMul", [a, b]);

    /// <summary>The dimensions of <paramref name="x"/> permuted.</summary>
    public string Transpose(string x, params long[] perm) => Node("Transpose", [x], OnnxAttribute.IntList("perm", perm));

    /// <summary><paramref name="x"/> with shape <paramref name="shape"/> (0 keeps the input's dimension, −1 is inferred).</summary>
    public string Reshape(string x, params long[] shape) => Node("Reshape", [x, Constant(shape)]);

    /// <summary>Softmax along <paramref name="axis"/>.</summary>
    public string Softmax(string x, long axis = -1) => Node("Softmax", [x], OnnxAttribute.Int("axis", axis));

    /// <summary>Dimensions <paramref name="start"/> to <paramref name="end"/> (exclusive) of <paramref name="x"/>'s shape, as int64.</summary>
    public string Shape(string x, long start, long end) =>
        Node("Shape", [x], OnnxAttribute.Int("start", start), OnnxAttribute.Int("end", end));

    /// <summary>Element <paramref name="index"/> of dimension <paramref name="axis"/>, that dimension removed (torch's <c>select</c>).</summary>
    public string Select(string x, long axis, long index) =>
        Node("Gather", [x, Cached("i64 scalar:" + index.ToString(System.Globalization.CultureInfo.InvariantCulture), () => Scalar(index))], OnnxAttribute.Int("axis", axis));

    /// <summary>The inputs joined along <paramref name="axis"/>.</summary>
    public string Concat(long axis, params string[] inputs) => Node("Concat", inputs, OnnxAttribute.Int("axis", axis));
}
