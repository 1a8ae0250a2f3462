using TorchSharp;

namespace BossNas.Engine.Runs;

/// <summary>Picks the device a config asks for and sets libtorch's thread count.</summary>
internal static class Devices
{
    /// <summary>
    /// "cpu", "cuda" (an error when TorchSharp's CUDA backend is absent) or "auto" (cuda if available).
    /// </summary>
    /// <exception cref="InvalidOperationException">cuda requested but not available.</exception>
    public static torch.Device Choose(string device, int threads)
    {
        if (threads > 0) torch.set_num_threads(threads);
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
