using BossNas.Core.Architectures;
using BossNas.Core.Spaces;
using BossNas.Engine.Export;
using static TorchSharp.torch;

namespace BossNas.Engine.Latency;

/// <summary>The measured latency of an architecture's stand-alone network (<see cref="ISearchSpace.CreateStandalone"/>), in TorchSharp and in ONNX Runtime.</summary>
public static class NetworkLatency
{
    /// <summary>The images' shape as a feature map.</summary>
    public static FeatureShape Images(InputShape input) => new(input.Channels, input.Height, input.Width);

    /// <summary>The stand-alone network of <paramref name="architecture"/>, built with the timing seed (the caller's generator untouched).</summary>
    public static nn.Module<Tensor, Tensor> Build(ISearchSpace space, Architecture architecture, InputShape input)
    {
        using var seeded = new TorchState(get_num_threads(), ForwardTimer.Seed);
        return space.CreateStandalone(architecture, input);
    }

    /// <summary>Forward passes of the network in TorchSharp, timed by <paramref name="timing"/> (by default a <see cref="ForwardTimer"/>).</summary>
    public static LatencySample TorchSharp(ISearchSpace space, Architecture architecture, InputShape input, LayerTiming timing)
    {
        using var network = Build(space, architecture, input);
        return timing(network, Images(input));
    }

    /// <summary>Runs of the network's ONNX export in ONNX Runtime.</summary>
    /// <exception cref="NotSupportedException">A module of the network has no ONNX form.</exception>
    public static LatencySample Onnx(ISearchSpace space, Architecture architecture, InputShape input, LatencyOptions options)
    {
        byte[] model;
        using (var network = Build(space, architecture, input)) model = OnnxExporter.ToBytes(network, input);
        return OnnxTimer.Time(model, input, options);
    }
}
