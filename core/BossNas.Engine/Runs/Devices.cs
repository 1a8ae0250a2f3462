using TorchSharp;

namespace BossNas.Engine.Runs;

/// <summary>
/// Picks the device a config asks for and sets libtorch's thread count: the configured one, or the CPUs this process
/// may run on (its affinity mask and cgroup quota, as .NET counts them, and a Slurm allocation's cpus per task), not
/// every core of the host, which oversubscribes a shared node.
/// </summary>
internal static class Devices
{
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
