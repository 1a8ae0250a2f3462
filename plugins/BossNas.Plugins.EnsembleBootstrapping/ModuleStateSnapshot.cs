using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.EnsembleBootstrapping;

/// <summary>
/// Saves what rating disturbs and training must get back: every BatchNorm's running statistics and momentum,
/// and every module's train/eval flag. Rating recalibrates BN per candidate; without this the next training
/// stage would start from the last candidate's statistics.
/// </summary>
internal sealed class ModuleStateSnapshot : IDisposable
{
    private readonly List<(NormBase Norm, Tensor? Mean, Tensor? Var, Tensor? Count, double? Momentum)> _norms = new();
    private readonly List<(nn.Module Module, bool Training)> _modes = new();

    /// <summary>Captures the state of everything below <paramref name="root"/>.</summary>
    public ModuleStateSnapshot(nn.Module root)
    {
        using var noGrad = no_grad();
        foreach (var m in root.modules())
        {
            _modes.Add((m, m.training));
            if (m is NormBase n)
                _norms.Add((n, Keep(n.running_mean), Keep(n.running_var), Keep(n.num_batches_tracked), n.momentum));
        }
    }

    /// <summary>Puts the captured statistics, momenta and modes back.</summary>
    public void Restore()
    {
        using (no_grad())
        {
            foreach (var (n, mean, var, count, momentum) in _norms)
            {
                if (mean is not null) n.running_mean!.copy_(mean);
                if (var is not null) n.running_var!.copy_(var);
                if (count is not null) n.num_batches_tracked!.copy_(count);
                n.momentum = momentum;
            }
        }
        // modules() lists parents before children, and train(bool) recurses, so each module ends with its own flag.
        foreach (var (m, training) in _modes) m.train(training);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (_, mean, var, count, _) in _norms)
        {
            mean?.Dispose();
            var?.Dispose();
            count?.Dispose();
        }
    }

    private static Tensor? Keep(Tensor? t) => t?.clone().DetachFromDisposeScope();
}
