using BossNas.Core.Architectures;
using BossNas.Core.Spaces;
using BossNas.Engine.Latency;
using BossNas.Tests.Support;
using static TorchSharp.torch;

namespace BossNas.Tests.Latency;

/// <summary>
/// Measured latency on this machine (1 thread, batch 1): positive; repeatable within the spread it is quoted with (a
/// second measurement's median inside Tukey's fences, the first one's quartiles ± 1.5 IQR); and lower for a much
/// smaller network of the same family (NATS widths 8 everywhere against 64 everywhere, about 50 times the MAdds), in
/// TorchSharp and in ONNX Runtime.
/// </summary>
[Collection("Torch")]
public sealed class MeasuredLatencyTests
{
    private static readonly InputShape Input = new(1, 28, 28, 10);
    private static readonly LatencyOptions Options = new() { Threads = 1, Batch = 1, Warmup = 5, Runs = 25 };

    private static (ISearchSpace Space, Architecture Small, Architecture Large) Family()
    {
        var space = SpaceTestKit.Space("nats", ("CandidateWidths", new[] { 8, 64 }));
        return (space, space.Smallest(Input), space.Largest(Input));
    }

    private static LatencySample Timed(ISearchSpace space, Architecture a) =>
        NetworkLatency.TorchSharp(space, a, Input, new ForwardTimer(Options).Time);

    private static void WithinFences(LatencySample first, LatencySample second)
    {
        // A floor on the spread: a quiet machine can time runs so alike that the IQR is below the clock's resolution.
        double iqr = Math.Max(first.IqrMs, 0.05 * first.MedianMs);
        Assert.InRange(second.MedianMs, first.LowerQuartileMs - 1.5 * iqr, first.UpperQuartileMs + 1.5 * iqr);
    }

    [Fact]
    public void TorchSharp_latency_is_positive_repeatable_and_lower_for_the_smaller_network()
    {
        var (space, small, large) = Family();
        var first = Timed(space, large);
        var second = Timed(space, large);
        var smaller = Timed(space, small);

        Assert.True(first.MedianMs > 0 && first.LowerQuartileMs > 0, $"{first}");
        Assert.Equal(Options.Runs, first.Runs);
        WithinFences(first, second);
        Assert.True(smaller.MedianMs < Math.Min(first.MedianMs, second.MedianMs), $"smaller {smaller} vs larger {first}, {second}");
    }

    [Fact]
    public void OnnxRuntime_latency_of_the_export_is_positive_repeatable_and_lower_for_the_smaller_network()
    {
        var (space, small, large) = Family();
        var first = NetworkLatency.Onnx(space, large, Input, Options);
        var second = NetworkLatency.Onnx(space, large, Input, Options);
        var smaller = NetworkLatency.Onnx(space, small, Input, Options);

        Assert.True(first.MedianMs > 0, $"{first}");
        WithinFences(first, second);
        Assert.True(smaller.MedianMs < Math.Min(first.MedianMs, second.MedianMs), $"smaller {smaller} vs larger {first}, {second}");
    }

    [Fact]
    public void Measuring_leaves_the_thread_count_and_the_random_stream_as_they_were()
    {
        var (space, small, _) = Family();
        int threads = get_num_threads();
        random.manual_seed(7);
        var expected = rand(3).data<float>().ToArray();
        random.manual_seed(7);
        Timed(space, small);
        var after = rand(3).data<float>().ToArray();
        Assert.Equal(expected, after);
        Assert.Equal(threads, get_num_threads());
    }
}
