using System.Globalization;
using System.Runtime.InteropServices;

namespace BossNas.Engine.Execution;

/// <summary>
/// Ties a child of the <see cref="ProcessExecutor"/> to its coordinator, so that killing the coordinator (even with
/// SIGKILL, which it cannot answer by stopping its children) does not leave units running that hold their run folders.
/// The coordinator names itself in <see cref="Variable"/>; the child, first thing, asks Linux for SIGTERM when its
/// parent dies (<c>prctl(PR_SET_PDEATHSIG)</c>) — SIGTERM makes a bossnas command checkpoint and stop — and then checks
/// that the coordinator is still alive, since it may have died before the request. The kernel does this even when the
/// coordinator gets no chance to run code; killing the children from the coordinator (process group, exit handler)
/// would cover Ctrl-C and a normal exit, which <see cref="ProcessExecutor"/> already does by SIGTERM, but not SIGKILL.
/// Elsewhere than Linux the children are only stopped by a coordinator that can still stop them.
/// </summary>
public static partial class CoordinatorLink
{
    /// <summary>Set by the coordinator for its children: <c>&lt;pid&gt; &lt;boot id&gt; &lt;PID namespace&gt;</c>.</summary>
    public const string Variable = "BOSSNAS_COORDINATOR";

    private const int PrSetPdeathsig = 1, SigTerm = 15;

    /// <summary>The value of <see cref="Variable"/> that names this process as the coordinator.</summary>
    internal static string ThisProcess() =>
        string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId} {Machine()}");

    /// <summary>
    /// Called first thing by <c>bossnas</c>: when started by a coordinator, dies with it (see the class). Returns false
    /// when the coordinator is already gone: the caller exits at once.
    /// </summary>
    public static bool Follow()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } value) return true;
        // Only the coordinator's own children follow it: processes this one starts (a kernel probe, a part's child, an
        // sbatch job) must not take it for their coordinator.
        Environment.SetEnvironmentVariable(Variable, null);
        if (!OperatingSystem.IsLinux()) return true;
        int space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !int.TryParse(value.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out int coordinator)) return true;
        // Started through a command on another machine or in another PID namespace (srun, a container): that PID means
        // nothing here, and a launcher's thread is not the coordinator.
        var here = Machine();
        if (here == Unknown || value[(space + 1)..] != here) return true;
        try
        {
            if (PrCtl(PrSetPdeathsig, SigTerm, 0, 0, 0) != 0) return true;
            // After the request, so a death in between is seen here: the parent is still the coordinator.
            if (GetParentPid() == coordinator) return true;
            // Not its direct child (executor.command runs a wrapper that does not exec): the signal would come with the
            // wrapper's death, which is not the coordinator's; only a coordinator already gone ends this process.
            _ = PrCtl(PrSetPdeathsig, 0, 0, 0, 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return true;
        }
        if (Alive(coordinator)) return true;
        Console.Error.WriteLine($"the coordinator (process {coordinator}) that started this unit has ended; not starting it");
        return false;
    }

    // Whether a process lives (a zombie, killed but not yet reaped, does not).
    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            int close = stat.LastIndexOf(')');
            return close < 0 || close + 2 >= stat.Length || stat[close + 2] is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // This boot of this machine and this PID namespace: where a PID names the same process.
    private static string Machine()
    {
        if (!OperatingSystem.IsLinux()) return Unknown;
        try
        {
            var boot = File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
            return new FileInfo("/proc/self/ns/pid").LinkTarget is { } pids && boot.Length > 0 ? $"{boot} {pids}" : Unknown;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Unknown;
        }
    }

    private const string Unknown = "-";

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int PrCtl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentPid();
}
