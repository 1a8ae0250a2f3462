using static TorchSharp.torch;

namespace BossNas.Plugins.ZeroCost;

/// <summary>
/// Seeds libtorch's default generator for one rating and gives the caller's generator state back afterwards, so a
/// rating neither depends on nor shifts the draws of whatever ran before it.
/// </summary>
internal sealed class TorchSeedScope : IDisposable
{
    private readonly Tensor _state = random.get_rng_state();

    public TorchSeedScope(long seed) => random.manual_seed(seed);

    public void Dispose()
    {
        random.set_rng_state(_state);
        _state.Dispose();
    }
}
