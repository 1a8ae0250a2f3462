using System.Globalization;
using static TorchSharp.torch;

namespace BossNas.Core.Nn.Onnx;

/// <summary>
/// An ONNX graph under construction (default domain, opset <see cref="Opset"/>): typed inputs and outputs, constant
/// tensors (initializers) and nodes in execution order. A network is described by <see cref="Module"/>, which exports
/// the standard TorchSharp modules itself and asks every other module, through <see cref="IOnnxExportable"/>, to add
/// its own nodes. Values are referred to by name; every method that adds a node returns its output's name.
/// </summary>
/// <remarks>The host serialises the graph to a <c>.onnx</c> file; this class only collects it, so plugins need no
/// protobuf library.</remarks>
public sealed partial class OnnxGraph
{
    /// <summary>The opset version of the default ONNX domain the graph's nodes follow.</summary>
    public const int Opset = 17;

    private readonly List<OnnxNode> _nodes = new();
    private readonly List<OnnxTensor> _initializers = new();
    private readonly List<OnnxValueInfo> _inputs = new();
    private readonly List<OnnxValueInfo> _outputs = new();
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly Dictionary<IntPtr, string> _stateNames = new();
    private readonly Dictionary<IntPtr, string> _stateInitializers = new();
    private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);

    /// <summary>Creates an empty graph; initializers of <paramref name="model"/>'s parameters and buffers get their state-dict names.</summary>
    /// <param name="model">The network about to be exported, or null.</param>
    /// <param name="name">The graph's name.</param>
    public OnnxGraph(nn.Module? model = null, string name = "bossnas")
    {
        Name = name;
        if (model is null) return;
        foreach (var (key, p) in model.named_parameters()) _stateNames.TryAdd(p.Handle, key);
        foreach (var (key, b) in model.named_buffers()) _stateNames.TryAdd(b.Handle, key);
    }

    /// <summary>The graph's name.</summary>
    public string Name { get; }

    /// <summary>The nodes, in the order they run.</summary>
    public IReadOnlyList<OnnxNode> Nodes => _nodes;

    /// <summary>The constant tensors.</summary>
    public IReadOnlyList<OnnxTensor> Initializers => _initializers;

    /// <summary>The graph's inputs.</summary>
    public IReadOnlyList<OnnxValueInfo> Inputs => _inputs;

    /// <summary>The graph's outputs.</summary>
    public IReadOnlyList<OnnxValueInfo> Outputs => _outputs;

    /// <summary>Declares a graph input; returns its name.</summary>
    /// <exception cref="ArgumentException">The name is taken.</exception>
    public string AddInput(string name, OnnxElementType type, params OnnxDimension[] shape)
    {
        if (!_used.Add(name)) throw new ArgumentException($"value name '{name}' is taken", nameof(name));
        _inputs.Add(new OnnxValueInfo(name, type, shape));
        return name;
    }

    /// <summary>Declares value <paramref name="name"/> (already produced by a node) a graph output.</summary>
    public void AddOutput(string name, OnnxElementType type, params OnnxDimension[] shape) =>
        _outputs.Add(new OnnxValueInfo(name, type, shape));

    /// <summary>
    /// Adds the nodes of <paramref name="module"/>'s forward (eval mode) on <paramref name="input"/>; returns the output's name.
    /// </summary>
    /// <exception cref="NotSupportedException">The module (or one inside it) has no ONNX form.</exception>
    /// <exception cref="InvalidOperationException">A module whose eval and training forwards differ is in training mode.</exception>
    public string Module(nn.Module module, string input)
    {
        if (module is IOnnxExportable custom) return custom.ExportOnnx(this, input);
        return OnnxStandardModules.Export(this, module, input)
               ?? throw new NotSupportedException(
                   $"{module.GetType().Name} has no ONNX export: a custom module implements {nameof(IOnnxExportable)}");
    }

    /// <summary>Adds a node with one output; returns the output's name.</summary>
    /// <param name="opType">The operator, e.g. <c>Conv</c>.</param>
    /// <param name="inputs">Input value names ("" leaves an optional input out).</param>
    /// <param name="attributes">The node's attributes.</param>
    public string Node(string opType, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes) =>
        Add(Unique(opType.ToLowerInvariant()), opType, inputs, attributes);

    /// <summary>Adds a node whose output gets the name <paramref name="output"/> (unused so far); returns it.</summary>
    /// <exception cref="ArgumentException">The name is taken.</exception>
    public string NamedNode(string output, string opType, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes)
    {
        if (!_used.Add(output)) throw new ArgumentException($"value name '{output}' is taken", nameof(output));
        return Add(output, opType, inputs, attributes);
    }

    private string Add(string output, string opType, IReadOnlyList<string> inputs, OnnxAttribute[] attributes)
    {
        _nodes.Add(new OnnxNode(opType, string.Create(CultureInfo.InvariantCulture, $"{opType}_{_nodes.Count}"), inputs.ToArray(),
            [output], attributes));
        return output;
    }

    /// <summary>
    /// The initializer holding <paramref name="tensor"/>'s current values (float32 or int64), added on first use; a
    /// parameter or buffer of the model given to the constructor is added once, under its state-dict name.
    /// </summary>
    /// <exception cref="NotSupportedException">Another element type.</exception>
    public string Initializer(Tensor tensor)
    {
        bool isState = _stateNames.TryGetValue(tensor.Handle, out var stateName);
        if (isState && _stateInitializers.TryGetValue(tensor.Handle, out var existing)) return existing;
        using var scope = NewDisposeScope();
        var c = tensor.detach().cpu().contiguous();
        var type = c.dtype switch
        {
            ScalarType.Float32 => OnnxElementType.Float,
            ScalarType.Int64 => OnnxElementType.Int64,
            _ => throw new NotSupportedException($"ONNX export writes float32 and int64 tensors, not {c.dtype}"),
        };
        var name = Unique(isState ? stateName! : "const");
        _initializers.Add(new OnnxTensor(name, type, c.shape, c.bytes.ToArray()));
        if (isState) _stateInitializers[tensor.Handle] = name;
        return name;
    }

    /// <summary>A one-dimensional int64 constant (shapes, pads, axes), shared between uses.</summary>
    public string Constant(params long[] values) =>
        Cached("i64:" + string.Join(',', values), () =>
        {
            var bytes = new byte[values.Length * sizeof(long)];
            Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
            return new OnnxTensor(Unique("const"), OnnxElementType.Int64, [values.Length], bytes);
        });

    /// <summary>A float32 scalar constant, shared between uses.</summary>
    public string Constant(float value) =>
        Cached("f32:" + BitConverter.SingleToInt32Bits(value).ToString(CultureInfo.InvariantCulture),
            () => new OnnxTensor(Unique("const"), OnnxElementType.Float, [], BitConverter.GetBytes(value)));

    private OnnxTensor Scalar(long value) => new(Unique("const"), OnnxElementType.Int64, [], BitConverter.GetBytes(value));

    private string Cached(string key, Func<OnnxTensor> make)
    {
        if (_constants.TryGetValue(key, out var name)) return name;
        var t = make();
        _initializers.Add(t);
        _constants[key] = t.Name;
        return t.Name;
    }

    private string Unique(string stem)
    {
        if (_used.Add(stem)) return stem;
        for (int i = _used.Count; ; i++)
        {
            var candidate = string.Create(CultureInfo.InvariantCulture, $"{stem}_{i}");
            if (_used.Add(candidate)) return candidate;
        }
    }
}
