using BossNas.Core.Platform;
using BossNas.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace BossNas.Tests.Platform;

/// <summary>
/// Proves the build's native fix-up: libLibTorchSharp.so loads on this machine's libstdc++ and runs a
/// convolution forward and backward with correct values.
/// </summary>
[Collection("Torch")]
public sealed class TorchSharpLoadsTests
{
    [Fact]
    public void Convolution_forward_and_backward_match_a_hand_computation()
    {
        using var scope = NewDisposeScope();
        // 1x1x3x3 input of ones, 2x2 kernel of ones, no padding: every output is the sum of 4 ones.
        var x = ones(1, 1, 3, 3, requires_grad: true);
        var w = ones(1, 1, 2, 2, requires_grad: true);
        var y = nn.functional.conv2d(x, w);
        Assert.Equal(new long[] { 1, 1, 2, 2 }, y.shape);
        Assert.All(y.data<float>().ToArray(), v => Assert.Equal(4f, v));

        y.sum().backward();
        // d(sum)/dx counts how many windows cover each pixel: corners 1, edges 2, centre 4.
        Assert.Equal(new float[] { 1, 2, 1, 2, 4, 2, 1, 2, 1 }, x.grad!.data<float>().ToArray());
        // d(sum)/dw sums the 4 input windows of ones.
        Assert.All(w.grad!.data<float>().ToArray(), v => Assert.Equal(4f, v));
    }

    [Fact]
    public void The_native_library_in_the_build_output_has_the_weak_marker_where_needed()
    {
        var lib = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(lib), $"{lib} missing: the build did not copy TorchSharp's natives");
        var needs = ElfVersionNeeds.Read(lib);
        Assert.Contains("GLIBC_2.2.5", needs.Keys); // the parser reads the real section
        // TorchSharp 0.107 asks for GLIBCXX_3.4.32, which Debian 12's libstdc++ lacks: the build must have made it weak.
        Assert.True(needs.TryGetValue("GLIBCXX_3.4.32", out var flags), "libLibTorchSharp.so no longer needs GLIBCXX_3.4.32; revisit the fix-up");
        Assert.True((flags & ElfVersionNeeds.Weak) != 0, $"GLIBCXX_3.4.32 is not weak (vna_flags {flags})");
        Assert.All(needs.Where(kv => kv.Key != "GLIBCXX_3.4.32"), kv => Assert.True((kv.Value & ElfVersionNeeds.Weak) == 0, kv.Key));
    }
}

/// <summary>
/// Guards the oneDNN ISA the process runs with (NativeSetup's probe): with libtorch 2.10's AVX-512 kernels on one of
/// this project's machines, the input gradient of a 3x3 convolution with 4 or 8 channels was wrong. It must match a
/// float64 computation here, and so must every case of the probe's <see cref="KernelCheck"/>.
/// </summary>
[Collection("Torch")]
public sealed class ConvolutionGradientTests
{
    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void Input_gradient_of_a_small_convolution_matches_float64(int channels)
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        var x = randn(6, channels, 8, 8, requires_grad: true);
        var w = randn(channels, channels, 3, 3);
        nn.functional.conv2d(x, w, padding: new long[] { 1, 1 }).sum().backward();
        var x64 = x.detach().to_type(ScalarType.Float64).requires_grad_(true);
        nn.functional.conv2d(x64, w.to_type(ScalarType.Float64), padding: new long[] { 1, 1 }).sum().backward();
        double error = x.grad!.to_type(ScalarType.Float64).sub(x64.grad!).abs().max().item<double>();
        Assert.True(error < 1e-3, $"conv input gradient off by {error} (oneDNN ISA: {NativeSetup.OneDnn})");
    }

    [Fact]
    public void Every_kernel_check_case_passes_at_the_isa_this_process_chose()
    {
        var result = KernelCheck.Run();
        Assert.True(result.Passed, $"{result} (oneDNN ISA: {NativeSetup.OneDnn})");
        Assert.Equal(144, result.Cases);
    }
}

/// <summary>The ISA probe's choice: the first rung of the ladder that passes, rungs the CPU lacks skipped, verdicts cached.</summary>
public sealed class OneDnnIsaProbeTests
{
    private static KernelCheckResult Pass => new(true, 1, 0, "ok");

    private static KernelCheckResult Fail => new(false, 1, 0.7, "4->4 channels, 3x3");

    [Fact]
    public void A_failing_default_and_avx512_check_picks_avx2_and_the_verdict_is_cached()
    {
        using var temp = new TempFolder();
        var asked = new List<string?>();
        var probe = new OneDnnIsaProbe
        {
            CheckAt = isa => { asked.Add(isa); return isa is null or "AVX512_CORE" ? Fail : Pass; },
            CpuFlags = new HashSet<string> { "avx512f", "avx2", "avx", "sse4_1" },
            CacheFile = temp.File("isa.json"),
        };
        var choice = probe.Choose();
        Assert.Equal("AVX2", choice.Isa);
        Assert.Equal(new string?[] { null, "AVX512_CORE", "AVX2" }, asked);
        Assert.Contains("rejected", choice.Reason);

        var again = new OneDnnIsaProbe { CheckAt = _ => throw new InvalidOperationException("probed twice"), CacheFile = temp.File("isa.json") }.Choose();
        Assert.Equal("AVX2", again.Isa);
    }

    [Fact]
    public void Rungs_the_cpu_lacks_are_skipped_and_no_passing_rung_is_an_error()
    {
        var asked = new List<string?>();
        var probe = new OneDnnIsaProbe
        {
            CheckAt = isa => { asked.Add(isa); return Fail; },
            CpuFlags = new HashSet<string> { "avx2", "avx" },
            CacheFile = null,
        };
        var error = Assert.Throws<InvalidOperationException>(probe.Choose);
        Assert.Equal(new string?[] { null, "AVX2", "AVX" }, asked);
        Assert.Contains("no oneDNN ISA", error.Message);
    }

    [Fact]
    public void A_passing_default_is_kept_uncapped()
    {
        var choice = new OneDnnIsaProbe { CheckAt = _ => Pass, CpuFlags = new HashSet<string>(), CacheFile = null }.Choose();
        Assert.Null(choice.Isa);
    }
}
