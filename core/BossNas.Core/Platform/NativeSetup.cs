using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace BossNas.Core.Platform;

/// <summary>
/// Process-wide native settings that must be in place before libtorch runs its first kernel: the oneDNN ISA.
/// A value the user set in <c>ONEDNN_MAX_CPU_ISA</c> wins; otherwise <see cref="OneDnnIsaProbe"/> picks the highest
/// ISA whose convolution kernels are correct on this CPU (checked once per machine in child processes of
/// <c>bossnas __kernel-check</c>, then cached). Correct kernels are not capped: a blanket cap halves speed where the
/// default kernels are right.
/// </summary>
public static partial class NativeSetup
{
    /// <summary>The hidden CLI command that runs <see cref="KernelCheck"/> and prints its result as JSON.</summary>
    public const string KernelCheckCommand = "__kernel-check";

    private static int _applied;

    /// <summary>The ISA chosen and why (null before <see cref="Apply"/>, or off Linux).</summary>
    public static OneDnnChoice? OneDnn { get; private set; }

    /// <summary>Applies the settings once; call it first thing in every executable and test assembly.</summary>
    /// <exception cref="InvalidOperationException">No ISA gives correct kernels.</exception>
    public static void Apply()
    {
        if (Interlocked.Exchange(ref _applied, 1) == 1) return;
        if (!OperatingSystem.IsLinux()) return;
        KeepFreedMemory();
        if (Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA") is { Length: > 0 } user)
        {
            OneDnn = new OneDnnChoice(user, "set by the user (ONEDNN_MAX_CPU_ISA)");
            return;
        }
        OneDnn = new OneDnnIsaProbe { CheckAt = CheckInChildProcess }.Choose();
        // oneDNN reads the native environment, which Environment.SetEnvironmentVariable does not change on Linux.
        if (OneDnn.Isa is { } isa) _ = SetEnv("ONEDNN_MAX_CPU_ISA", isa, 1);
    }

    /// <summary>
    /// Runs <see cref="KernelCheck"/> at <paramref name="isa"/> in a fresh <c>bossnas</c> process. Without the CLI beside
    /// this program (an external test harness), the default ISA is checked in this process, which commits it to that ISA.
    /// </summary>
    public static KernelCheckResult CheckInChildProcess(string? isa)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "bossnas.dll");
        if (!File.Exists(cli))
        {
            if (isa is null) return KernelCheck.Run();
            throw new InvalidOperationException(
                "oneDNN's default convolution kernels are wrong on this CPU and this program cannot probe lower ISAs: " +
                "run any `bossnas` command once on this machine (it probes and caches the ISA) or set ONEDNN_MAX_CPU_ISA=AVX2");
        }
        var start = new ProcessStartInfo(DotnetHost(), [cli, KernelCheckCommand])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        if (isa is null) start.Environment.Remove("ONEDNN_MAX_CPU_ISA"); else start.Environment["ONEDNN_MAX_CPU_ISA"] = isa;
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"could not start {cli}");
        var stderr = child.StandardError.ReadToEndAsync();
        var stdout = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        try
        {
            if (JsonSerializer.Deserialize<KernelCheckResult>(line) is { } result) return result;
        }
        catch (JsonException)
        {
        }
        // A crash (e.g. an illegal instruction) counts as a failed check.
        return new KernelCheckResult(false, 0, double.NaN, $"the check process exited with {child.ExitCode}: {stderr.Result.Trim()}");
    }

    /// <summary>Runs the check in this process and prints the result (the child side of <see cref="CheckInChildProcess"/>).</summary>
    public static int RunKernelCheckCommand()
    {
        var result = KernelCheck.Run();
        Console.WriteLine(JsonSerializer.Serialize(result));
        return result.Passed ? 0 : 1;
    }

    /// <summary>
    /// glibc's malloc serves blocks above a dynamic threshold (128 KiB at start) with mmap and gives them back with
    /// munmap, and trims the heap top when 128 KiB are free: every training step then maps, faults in (zeroing) and
    /// unmaps its activation and gradient buffers again, which cost this engine a quarter of its training-step time
    /// (bench/run.sh). Serving blocks up to 32 MiB from the heap and keeping freed memory for reuse removes that; the
    /// heap stays at the step's peak, which it reaches anyway. <c>BOSSNAS_MALLOC=default</c> keeps glibc's defaults.
    /// </summary>
    private static void KeepFreedMemory()
    {
        if (Environment.GetEnvironmentVariable("BOSSNAS_MALLOC") == "default") return;
        try
        {
            _ = MallOpt(MmapThreshold, 32 << 20);
            _ = MallOpt(TrimThreshold, 1 << 30);
            _ = MallOpt(TopPad, 64 << 20);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (e.g. musl): its allocator is left as it is.
        }
    }

    private const int TrimThreshold = -1, TopPad = -2, MmapThreshold = -3;

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : "dotnet";

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
