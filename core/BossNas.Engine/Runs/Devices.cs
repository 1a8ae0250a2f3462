using TorchSharp;

namespace BossNas.Engine.Runs;

/// <summary>
/// Picks the device a config asks for and sets libtorch's thread count: the configured one, or the CPUs this process
/// may run on (its affinity mask and cgroup quota, as .NET counts them, and a Slurm allocation's cpus per task), not
/// every core of the host, which oversubscribes a shared node; for <c>bossnas run</c> and <c>train</c>, minus the CPUs
/// other processes keep busy (<see cref="CpuLoad"/>).
/// </summary>
internal static class Devices
{
    /// <summary>
    /// The thread count of a run: <paramref name="configured"/> when set; else the count a resumed run started with
    /// (<paramref name="resumed"/>), so it computes as it did; else the CPUs this process may use, less the ones other
    /// processes keep busy when <paramref name="loadAware"/> (outside a Slurm allocation, which is the task's alone).
    /// OpenMP's threads wait for each other at every parallel region, so one more thread than there are free cores
    /// slows a step several times over. <paramref name="reason"/> says how the count was chosen.
    /// </summary>
    public static int Threads(int configured, int resumed, bool loadAware, out string reason)
    {
        if (configured > 0)
        {
            reason = "[run] threads";
            return configured;
        }
        if (resumed > 0)
        {
            reason = "as the run started with";
            return resumed;
        }
        int allowed = AllowedCpus();
        bool slurm = int.TryParse(Environment.GetEnvironmentVariable("SLURM_CPUS_PER_TASK"), out int s) && s > 0;
        if (!loadAware || slurm || allowed == 1)
        {
            reason = slurm ? "the Slurm allocation's CPUs" : "the CPUs this process may use";
            return allowed;
        }
        int busy = CpuLoad.BusyCpus(TimeSpan.FromMilliseconds(500));
        int free = Math.Clamp(allowed - busy, 1, allowed);
        reason = busy == 0 ? $"the {allowed} CPUs this process may use, all idle"
            : $"{allowed} CPUs this process may use, {Math.Min(busy, allowed)} kept busy by other processes";
        return free;
    }

    /// <summary>The CPUs this process may use.</summary>
    public static int AllowedCpus()
    {
        int cpus = Environment.ProcessorCount;
        if (int.TryParse(Environment.GetEnvironmentVariable("SLURM_CPUS_PER_TASK"), out int slurm) && slurm > 0) cpus = Math.Min(cpus, slurm);
        return Math.Max(1, cpus);
    }

    /// <summary>
    /// "cpu", "cuda" (an error when TorchSharp's CUDA backend is absent) or "auto" (cuda if available).
    /// </summary>
    /// <exception cref="InvalidOperationException">cuda requested but not available.</exception>
    public static torch.Device Choose(string device, int threads)
    {
        torch.set_num_threads(threads > 0 ? threads : AllowedCpus());
        bool cuda = torch.cuda.is_available();
        return device switch
        {
            "cpu" => torch.CPU,
            "cuda" when cuda => torch.CUDA,
            "cuda" => throw new InvalidOperationException(
                "device = \"cuda\" but TorchSharp's CUDA backend is not available: build with " +
                "`dotnet build -p:TorchBackend=cuda` (needs the TorchSharp-cuda-linux package and an NVIDIA driver)"),
            _ => cuda ? torch.CUDA : torch.CPU,
        };
    }
}
