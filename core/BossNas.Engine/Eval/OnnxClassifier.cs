using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace BossNas.Engine.Eval;

/// <summary>
/// An exported classifier (<see cref="Export.OnnxExporter"/>'s form: one float32 NCHW input, one logits output) run in
/// ONNX Runtime on the CPU.
/// </summary>
internal sealed class OnnxClassifier : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();

    /// <summary>Loads the model at <paramref name="path"/>.</summary>
    /// <exception cref="OnnxRuntimeException">Not a model ONNX Runtime can run.</exception>
    public OnnxClassifier(string path) : this(new InferenceSession(path))
    {
    }

    /// <summary>Loads a model from its bytes.</summary>
    /// <exception cref="OnnxRuntimeException">Not a model ONNX Runtime can run.</exception>
    public OnnxClassifier(byte[] model) : this(new InferenceSession(model))
    {
    }

    private OnnxClassifier(InferenceSession session)
    {
        _session = session;
        if (session.InputMetadata.Count != 1 || session.OutputMetadata.Count != 1)
        {
            session.Dispose();
            throw new InvalidDataException("the model is not a classifier of one input and one output");
        }
        InputName = session.InputNames[0];
        OutputName = session.OutputNames[0];
        InputDimensions = session.InputMetadata[InputName].Dimensions;
        OutputDimensions = session.OutputMetadata[OutputName].Dimensions;
    }

    /// <summary>Name of the input.</summary>
    public string InputName { get; }

    /// <summary>Name of the output.</summary>
    public string OutputName { get; }

    /// <summary>The input's dimensions as the model declares them (−1 for the symbolic batch).</summary>
    public IReadOnlyList<int> InputDimensions { get; }

    /// <summary>The output's dimensions as the model declares them (−1 for the symbolic batch).</summary>
    public IReadOnlyList<int> OutputDimensions { get; }

    /// <summary>The model's custom metadata (<c>metadata_props</c>).</summary>
    public IReadOnlyDictionary<string, string> Metadata => _session.ModelMetadata.CustomMetadataMap;

    /// <summary>The logits of a float batch [N,C,H,W], as a CPU tensor [N, classes].</summary>
    public Tensor Logits(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = images.detach().to_type(ScalarType.Float32).cpu().contiguous();
        using var input = OrtValue.CreateTensorValueFromMemory(x.data<float>().ToArray(), x.shape);
        using var outputs = _session.Run(_run, [InputName], [input], [OutputName]);
        var logits = outputs[0];
        return tensor(logits.GetTensorDataAsSpan<float>().ToArray(), logits.GetTensorTypeAndShape().Shape).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _run.Dispose();
        _session.Dispose();
    }
}
