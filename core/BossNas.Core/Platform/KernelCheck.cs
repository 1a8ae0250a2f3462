using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace BossNas.Core.Platform;

/// <summary>The worst convolution a <see cref="KernelCheck"/> found, or that all passed.</summary>
/// <param name="Passed">Whether every case was within tolerance.</param>
/// <param name="Cases">Cases checked.</param>
/// <param name="WorstError">The largest relative error (NaN when a result was NaN).</param>
/// <param name="WorstCase">The case with that error.</param>
public sealed record KernelCheckResult(bool Passed, int Cases, double WorstError, string WorstCase)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{(Passed ? "passed" : "FAILED")}: {Cases} convolutions, worst relative error {WorstError:G3} ({WorstCase})");
}

/// <summary>
/// Checks this process's convolution kernels (oneDNN on CPU) against float64: forward output, input gradient and
/// weight gradient over the shapes the spaces use — 1 to 64 channels, kernels 1/3/5/7, stride 1 and 2, dense and
/// depthwise groups, contiguous and channels-last. libtorch 2.10's oneDNN returned wrong input gradients (order 1,
/// sometimes NaN) for few-channel 3×3 convolutions on an AVX-512 machine while the same kernels were exact on AVX2.
/// </summary>
public static class KernelCheck
{
    /// <summary>Relative error (max |float32 − float64| / max |float64|) above which a kernel counts as wrong.</summary>
    public const double Tolerance = 1e-3;

    private static readonly (int In, int Out)[] Channels = [(1, 4), (3, 8), (4, 4), (8, 8), (16, 32), (64, 64)];
    private static readonly int[] Kernels = [1, 3, 5, 7];
    private static readonly int[] Strides = [1, 2];

    /// <summary>Runs every case in this process (whatever ISA oneDNN was started with).</summary>
    public static KernelCheckResult Run()
    {
        using var scope = NewDisposeScope();
        using var seed = new SeedScope(1234);
        int cases = 0;
        double worst = 0;
        string worstCase = "none";
        foreach (var (cin, cout) in Channels)
        foreach (int k in Kernels)
        foreach (int stride in Strides)
        foreach (bool depthwise in cin == cout ? new[] { false, true } : new[] { false })
        foreach (bool channelsLast in new[] { false, true })
        {
            int groups = depthwise ? cin : 1;
            double error = Case(cin, cout, k, stride, groups, channelsLast);
            cases++;
            if (double.IsNaN(error) || error > worst)
            {
                worst = error;
                worstCase = $"{cin}->{cout} channels, {k}x{k}, stride {stride}, groups {groups}{(channelsLast ? ", channels-last" : "")}";
                if (double.IsNaN(error)) return new KernelCheckResult(false, cases, worst, worstCase);
            }
        }
        return new KernelCheckResult(worst <= Tolerance, cases, worst, worstCase);
    }

    private static double Case(int cin, int cout, int k, int stride, int groups, bool channelsLast)
    {
        using var scope = NewDisposeScope();
        var x64 = randn(2, cin, 12, 12, dtype: float64);
        var w64 = randn(cout, cin / groups, k, k, dtype: float64) / Math.Sqrt(cin / groups * k * k);
        var upstream = randn(ShapeOf(x64, cout, k, stride), dtype: float64);
        var (y64, gx64, gw64) = Convolve(x64, w64, upstream, stride, groups, channelsLast: false);
        var (y32, gx32, gw32) = Convolve(x64.to(float32), w64.to(float32), upstream.to(float32), stride, groups, channelsLast);
        return new[] { Relative(y32, y64), Relative(gx32, gx64), Relative(gw32, gw64) }.Max();
    }

    private static long[] ShapeOf(Tensor x, int cout, int k, int stride)
    {
        long size = (x.shape[2] + 2 * (k / 2) - k) / stride + 1;
        return [x.shape[0], cout, size, size];
    }

    private static (Tensor Y, Tensor Gx, Tensor Gw) Convolve(Tensor x, Tensor w, Tensor upstream, int stride, int groups, bool channelsLast)
    {
        if (channelsLast)
        {
            x = Nn.MemoryLayout.ChannelsLast(x);
            w = Nn.MemoryLayout.ChannelsLast(w);
        }
        x = x.detach().requires_grad_(true);
        w = w.detach().requires_grad_(true);
        var y = nn.functional.conv2d(x, w, strides: [stride, stride], padding: [w.shape[2] / 2, w.shape[2] / 2], groups: groups);
        (y * upstream).sum().backward();
        return (y.detach().to(float64), x.grad!.to(float64), w.grad!.to(float64));
    }

    private static double Relative(Tensor a, Tensor b)
    {
        double scale = b.abs().max().item<double>();
        double diff = (a - b).abs().max().item<double>();
        return double.IsNaN(diff) ? double.NaN : diff / (scale + 1e-12);
    }

    /// <summary>Fixes the generator for the check and gives the caller's generator state back afterwards.</summary>
    private sealed class SeedScope : IDisposable
    {
        private readonly Tensor _state = torch.random.get_rng_state();

        public SeedScope(long seed) => torch.random.manual_seed(seed);

        public void Dispose()
        {
            torch.random.set_rng_state(_state);
            _state.Dispose();
        }
    }
}
