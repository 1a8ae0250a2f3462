using System.Globalization;

namespace BossNas.Engine.Runs;

/// <summary>
/// How many of the CPUs this process may run on other processes keep busy, from two samples of <c>/proc/stat</c> and
/// <c>/proc/self/stat</c>: the busy time of the allowed CPUs over the interval, less this process's own (its start-up
/// work: JIT compilation, loading plugins), in CPUs, rounded.
/// </summary>
internal static class CpuLoad
{
    /// <summary>Busy CPUs among those this process may use; 0 where <c>/proc/stat</c> cannot be read.</summary>
    public static int BusyCpus(TimeSpan interval)
    {
        var allowed = AllowedCpuIds();
        var before = Sample();
        double ownBefore = OwnTicks();
        if (before.Count == 0) return 0;
        Thread.Sleep(interval);
        var after = Sample();
        double own = OwnTicks() - ownBefore;
        double busy = 0, elapsed = 0;
        int cpus = 0;
        foreach (var (cpu, (total1, idle1)) in after)
        {
            if (allowed is not null && !allowed.Contains(cpu)) continue;
            if (!before.TryGetValue(cpu, out var b)) continue;
            double total = total1 - b.Total, idle = idle1 - b.Idle;
            busy += Math.Max(0, total - idle);
            elapsed += total;
            cpus++;
        }
        if (cpus == 0 || elapsed <= 0) return 0;
        double others = Math.Max(0, busy - own) / (elapsed / cpus);
        return (int)Math.Round(others, MidpointRounding.AwayFromZero);
    }

    /// <summary>This process's user + system time in clock ticks (the unit of <c>/proc/stat</c>), 0 where unreadable.</summary>
    private static double OwnTicks()
    {
        try
        {
            var text = File.ReadAllText("/proc/self/stat");
            // Fields after the command name (which may hold spaces) start after its closing parenthesis.
            var f = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return double.Parse(f[11], CultureInfo.InvariantCulture) + double.Parse(f[12], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    /// <summary>Per CPU: (all jiffies, idle + iowait jiffies).</summary>
    private static Dictionary<int, (double Total, double Idle)> Sample()
    {
        var result = new Dictionary<int, (double, double)>();
        if (!File.Exists("/proc/stat")) return result;
        foreach (var line in File.ReadLines("/proc/stat"))
        {
            if (!line.StartsWith("cpu", StringComparison.Ordinal) || line.Length < 4 || !char.IsDigit(line[3])) continue;
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int cpu = int.Parse(f[0].AsSpan(3), CultureInfo.InvariantCulture);
            var v = f.Skip(1).Take(8).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            // user nice system idle iowait irq softirq steal
            result[cpu] = (v.Sum(), v[3] + (v.Length > 4 ? v[4] : 0));
        }
        return result;
    }

    /// <summary>The CPU ids of this process's affinity mask (the first 64), or null where it cannot be read.</summary>
    private static HashSet<int>? AllowedCpuIds()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsWindows()) return null;
        try
        {
            long mask = (long)System.Diagnostics.Process.GetCurrentProcess().ProcessorAffinity;
            var ids = new HashSet<int>();
            for (int i = 0; i < 64; i++) if ((mask & (1L << i)) != 0) ids.Add(i);
            return ids;
        }
        catch (Exception e) when (e is PlatformNotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }
}
