using System.Diagnostics;
using BossNas.Core.Architectures;
using BossNas.Core.Nn;
using static TorchSharp.torch;

namespace BossNas.Engine.Latency;

/// <summary>Times one forward pass of <paramref name="module"/> on a batch of <paramref name="input"/>-shaped maps.</summary>
/// <param name="module">The network or layer, freshly built.</param>
/// <param name="input">The shape of one image's input.</param>
public delegate LatencySample LayerTiming(nn.Module<Tensor, Tensor> module, FeatureShape input);

/// <summary>
/// Wall-clock forward passes in TorchSharp: the module in eval mode under <c>no_grad</c>, libtorch's threads pinned,
/// a seeded input in channels-last order (what every layer after the stem sees inside a network on the CPU), the
/// warm-up passes untimed, then each timed pass on its own.
/// </summary>
public sealed class ForwardTimer(LatencyOptions options)
{
    /// <summary>Seed of the timed input and of the weights of networks built for timing.</summary>
    public const long Seed = 20260101;

    /// <summary>The options timed with.</summary>
    public LatencyOptions Options => options;

    /// <summary>The timing of <paramref name="module"/> (<see cref="LayerTiming"/>).</summary>
    public LatencySample Time(nn.Module<Tensor, Tensor> module, FeatureShape input)
    {
        using var state = new TorchState(options.Threads, Seed);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        bool training = module.training;
        module.eval();
        try
        {
            var x = MemoryLayout.ChannelsLast(randn(options.Batch, input.Channels, input.Height, input.Width));
            for (int i = 0; i < options.Warmup; i++) Forward(module, x);
            var ms = new double[options.Runs];
            for (int i = 0; i < ms.Length; i++)
            {
                long start = Stopwatch.GetTimestamp();
                Forward(module, x);
                ms[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            return LatencySample.Of(ms);
        }
        finally
        {
            module.train(training);
        }
    }

    private static void Forward(nn.Module<Tensor, Tensor> module, Tensor x)
    {
        using var scope = NewDisposeScope();
        module.call(x);
    }
}
