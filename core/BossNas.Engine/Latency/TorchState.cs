using static TorchSharp.torch;

namespace BossNas.Engine.Latency;

/// <summary>
/// While latency is measured: libtorch's intra-op threads pinned to a count, and the global generator seeded for the
/// networks built to be timed; both as they were afterwards, so that measuring inside a run leaves the run's thread
/// count and random stream (its determinism) untouched.
/// </summary>
internal sealed class TorchState : IDisposable
{
    private readonly int _threads = get_num_threads();
    private readonly Tensor _rng = TorchSharp.torch.random.get_rng_state();

    public TorchState(int threads, long seed)
    {
        set_num_threads(threads);
        TorchSharp.torch.random.manual_seed(seed);
    }

    public void Dispose()
    {
        set_num_threads(_threads);
        TorchSharp.torch.random.set_rng_state(_rng);
        _rng.Dispose();
    }
}
