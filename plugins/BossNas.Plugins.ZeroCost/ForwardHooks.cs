using static TorchSharp.torch;

namespace BossNas.Plugins.ZeroCost;

/// <summary>
/// Forward hooks registered for one proxy computation and removed on dispose, so a network scored twice is scored alike.
/// A hook returns the module's output (a hook may replace it: SynFlow's BatchNorm bypass).
/// </summary>
internal sealed class ForwardHooks : IDisposable
{
    private readonly List<Action> _removers = new();

    public int Count => _removers.Count;

    public void Add(nn.Module<Tensor, Tensor> module, Func<nn.Module<Tensor, Tensor>, Tensor, Tensor, Tensor> hook) =>
        _removers.Add(module.register_forward_hook(hook).remove);

    public void Dispose()
    {
        foreach (var remove in _removers) remove();
        _removers.Clear();
    }
}
