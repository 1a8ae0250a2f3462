using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Core.Nn.Onnx;

/// <summary>
/// The ONNX form of the standard TorchSharp modules the spaces use, read from their public settings (TorchSharp 0.107
/// exposes kernel size, stride, padding, dilation and groups of a convolution as properties).
/// </summary>
internal static class OnnxStandardModules
{
    /// <summary>Adds <paramref name="m"/>'s nodes and returns its output, or null when it is not a standard module.</summary>
    public static string? Export(OnnxGraph g, nn.Module m, string x) => m switch
    {
        Sequential seq => seq.children().Aggregate(x, (value, child) => g.Module(child, value)),
        Conv2d conv => Conv(g, conv, x),
        BatchNorm bn => BatchNorm(g, bn, x),
        Linear linear => g.Node("Gemm", linear.bias is null ? [x, g.Initializer(linear.weight)] : [x, g.Initializer(linear.weight), g.Initializer(linear.bias)],
            OnnxAttribute.Int("transB", 1)),
        ReLU => g.Relu(x),
        ReLU6 => g.Node("Clip", [x, g.Constant(0f), g.Constant(6f)]),
        LeakyReLU leaky => g.Node("LeakyRelu", [x], OnnxAttribute.Float("alpha", (float)leaky.negative_slope)),
        SiLU => g.Silu(x),
        Sigmoid => g.Sigmoid(x),
        Tanh => g.Node("Tanh", [x]),
        Hardswish => g.Node("HardSwish", [x]),
        Hardsigmoid => g.Node("HardSigmoid", [x], OnnxAttribute.Float("alpha", 1f / 6), OnnxAttribute.Float("beta", 0.5f)),
        GELU gelu => Gelu(g, gelu, x),
        Identity => x,
        Dropout or Dropout1d or Dropout2d or Dropout3d or AlphaDropout or FeatureAlphaDropout => EvalOnly(m, x),
        AdaptiveAvgPool2d pool when pool.output_size.All(s => s == 1) => g.GlobalAveragePool(x),
        AvgPool2d pool => AvgPool(g, pool, x),
        MaxPool2d pool => g.Node("MaxPool", [x], OnnxAttribute.IntList("kernel_shape", Two(pool.kernel_size)),
            OnnxAttribute.IntList("strides", Two(pool.stride ?? pool.kernel_size)), OnnxAttribute.IntList("pads", Pads(pool.padding)),
            OnnxAttribute.IntList("dilations", Two(pool.dilation ?? [1])), OnnxAttribute.Int("ceil_mode", pool.ceil_mode ? 1 : 0)),
        Flatten flatten when flatten.end_dim == -1 => g.Flatten(x, flatten.start_dim),
        _ => null,
    };

    private static string Conv(OnnxGraph g, Conv2d conv, string x)
    {
        if (conv.padding_mode != PaddingModes.Zeros)
            throw new NotSupportedException($"Conv2d with padding mode {conv.padding_mode} has no ONNX export (zeros only)");
        var kernel = Two(conv.kernel_size);
        var dilation = Two(conv.dilation);
        long[] pads;
        if (conv.padding_type == Padding.Same)
        {
            // "same" puts the odd pixel of padding at the bottom/right, as PyTorch does.
            long h = dilation[0] * (kernel[0] - 1), w = dilation[1] * (kernel[1] - 1);
            pads = [h / 2, w / 2, h - h / 2, w - w / 2];
        }
        else pads = Pads(conv.padding);
        var inputs = new List<string> { x, g.Initializer(conv.weight) };
        if (conv.bias is { } bias) inputs.Add(g.Initializer(bias));
        return g.Node("Conv", inputs, OnnxAttribute.IntList("kernel_shape", kernel), OnnxAttribute.IntList("strides", Two(conv.stride)),
            OnnxAttribute.IntList("pads", pads), OnnxAttribute.IntList("dilations", dilation), OnnxAttribute.Int("group", conv.groups));
    }

    /// <summary>Eval-mode batch norm: normalised with the running statistics.</summary>
    private static string BatchNorm(OnnxGraph g, BatchNorm bn, string x)
    {
        if (bn.training) throw new InvalidOperationException($"{bn.GetType().Name} is in training mode: call eval() before exporting");
        if (bn.running_mean is null || bn.running_var is null)
            throw new NotSupportedException($"{bn.GetType().Name} without running statistics normalises with batch statistics; it has no ONNX export");
        using var scope = NewDisposeScope();
        var scale = bn.weight is { } w ? g.Initializer(w) : g.Initializer(ones(bn.num_features));
        var shift = bn.bias is { } b ? g.Initializer(b) : g.Initializer(zeros(bn.num_features));
        return g.Node("BatchNormalization", [x, scale, shift, g.Initializer(bn.running_mean), g.Initializer(bn.running_var)],
            OnnxAttribute.Float("epsilon", (float)bn.eps));
    }

    private static string AvgPool(OnnxGraph g, AvgPool2d pool, string x)
    {
        if (pool.divisor_override is not null) throw new NotSupportedException("AvgPool2d with a divisor override has no ONNX export");
        return g.Node("AveragePool", [x], OnnxAttribute.IntList("kernel_shape", Two(pool.kernel_size)),
            OnnxAttribute.IntList("strides", Two(pool.stride ?? pool.kernel_size)), OnnxAttribute.IntList("pads", Pads(pool.padding)),
            OnnxAttribute.Int("ceil_mode", pool.ceil_mode ? 1 : 0), OnnxAttribute.Int("count_include_pad", pool.count_include_pad ? 1 : 0));
    }

    /// <summary>GELU from Erf (exact) or Tanh (the tanh approximation): opset 17 has no Gelu operator.</summary>
    private static string Gelu(OnnxGraph g, GELU gelu, string x)
    {
        string inner;
        if (gelu.approximate == GELU.Approximate.tanh)
        {
            // tanh(sqrt(2/pi) · (x + 0.044715 x³))
            var cube = g.Mul(g.Mul(x, x), x);
            var sum = g.Add(x, g.Mul(cube, g.Constant(0.044715f)));
            inner = g.Node("Tanh", [g.Mul(sum, g.Constant((float)Math.Sqrt(2 / Math.PI)))]);
        }
        else inner = g.Node("Erf", [g.Mul(x, g.Constant((float)(1 / Math.Sqrt(2))))]);
        return g.Mul(g.Mul(x, g.Constant(0.5f)), g.Add(inner, g.Constant(1f)));
    }

    private static string EvalOnly(nn.Module m, string x) =>
        m.training ? throw new InvalidOperationException($"{m.GetType().Name} is in training mode: call eval() before exporting") : x;

    /// <summary>A per-dimension setting of a 2-d module, given for one dimension or both.</summary>
    private static long[] Two(long[] values) => values.Length == 1 ? [values[0], values[0]] : values;

    /// <summary>ONNX's pads: begins of both spatial dimensions, then their ends.</summary>
    private static long[] Pads(long[]? padding)
    {
        var p = Two(padding ?? [0]);
        return [p[0], p[1], p[0], p[1]];
    }
}
