using System.Diagnostics;
using BossNas.Engine.Runs;

namespace BossNas.Tests.Platform;

/// <summary>
/// The thread count of a run: the configured one, else the one a resumed run started with, else the CPUs this process
/// may use, less those other processes keep busy when the caller asks for it (<c>bossnas run</c> and <c>train</c>).
/// </summary>
public sealed class ThreadCountTests
{
    [Fact]
    public void Configured_then_resumed_then_the_allowed_cpus()
    {
        Assert.Equal(3, Devices.Threads(3, 5, loadAware: true, out var why));
        Assert.Equal("[run] threads", why);
        Assert.Equal(5, Devices.Threads(0, 5, loadAware: true, out why));
        Assert.Equal("as the run started with", why);
        Assert.Equal(Devices.AllowedCpus(), Devices.Threads(0, 0, loadAware: false, out _));
    }

    [Fact]
    public void Cpus_kept_busy_by_other_processes_are_left_out()
    {
        int allowed = Devices.AllowedCpus();
        if (allowed == 1)
        {
            Assert.Equal(1, Devices.Threads(0, 0, loadAware: true, out _));
            return;
        }
        // allowed − 1 spinning processes: whatever else runs, one thread is all that is free.
        var spinners = Enumerable.Range(0, allowed - 1)
            .Select(_ => Process.Start(new ProcessStartInfo("sh", ["-c", "while :; do :; done"]) { UseShellExecute = false })!).ToList();
        try
        {
            Thread.Sleep(300);
            Assert.Equal(1, Devices.Threads(0, 0, loadAware: true, out var why));
            Assert.Contains("kept busy by other processes", why);
            Assert.InRange(CpuLoad.BusyCpus(TimeSpan.FromMilliseconds(300)), allowed - 1, allowed);
        }
        finally
        {
            foreach (var p in spinners)
            {
                p.Kill();
                p.WaitForExit();
            }
        }
    }
}
