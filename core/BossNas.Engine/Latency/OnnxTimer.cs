using System.Diagnostics;
using BossNas.Core.Architectures;
using BossNas.Core.Context;
using BossNas.Engine.Export;
using Microsoft.ML.OnnxRuntime;

namespace BossNas.Engine.Latency;

/// <summary>
/// Wall-clock runs of an exported model (<see cref="OnnxExporter"/>'s form) in ONNX Runtime on the CPU: all graph
/// optimisations, sequential execution, <see cref="LatencyOptions.Threads"/> intra-op threads, warm-up runs untimed.
/// </summary>
public static class OnnxTimer
{
    /// <summary>The timing of the model <paramref name="model"/> for batches of <paramref name="input"/> images.</summary>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime cannot run the model.</exception>
    public static LatencySample Time(byte[] model, InputShape input, LatencyOptions options)
    {
        using var session = new SessionOptions
        {
            IntraOpNumThreads = options.Threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        using var inference = new InferenceSession(model, session);
        var rng = new SeededRandom((ulong)ForwardTimer.Seed);
        var data = new float[options.Batch * input.Channels * input.Height * input.Width];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(rng.NextDouble() * 2 - 1);
        using var images = OrtValue.CreateTensorValueFromMemory(data, [options.Batch, input.Channels, input.Height, input.Width]);
        using var run = new RunOptions();
        void Once()
        {
            using var outputs = inference.Run(run, [OnnxExporter.InputName], [images], [OnnxExporter.OutputName]);
        }
        for (int i = 0; i < options.Warmup; i++) Once();
        var ms = new double[options.Runs];
        for (int i = 0; i < ms.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            Once();
            ms[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        return LatencySample.Of(ms);
    }
}
