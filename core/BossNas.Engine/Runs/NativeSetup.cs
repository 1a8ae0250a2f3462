using System.Runtime.InteropServices;

namespace BossNas.Engine.Runs;

/// <summary>
/// Process-wide native settings that must be in place before libtorch runs its first kernel.
/// On this project's machines (AMD EPYC with AVX-512), libtorch 2.10's oneDNN AVX2/AVX-512 convolution kernels
/// return wrong input gradients (errors of order 1, sometimes NaN) for 3x3 convolutions with few channels (4, 8);
/// capping oneDNN at AVX makes them exact again (checked against float64; see the ConvolutionGradient test).
/// A value the user already set in ONEDNN_MAX_CPU_ISA is kept.
/// </summary>
public static partial class NativeSetup
{
    /// <summary>The oneDNN ISA cap applied when none is set.</summary>
    public const string DefaultOneDnnIsa = "AVX";

    private static int _applied;

    /// <summary>Applies the settings once; call it first thing in every executable and test assembly.</summary>
    public static void Apply()
    {
        if (Interlocked.Exchange(ref _applied, 1) == 1) return;
        if (!OperatingSystem.IsLinux()) return;
        // oneDNN reads the native environment, which Environment.SetEnvironmentVariable does not change on Linux.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA")))
            _ = SetEnv("ONEDNN_MAX_CPU_ISA", DefaultOneDnnIsa, 1);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
