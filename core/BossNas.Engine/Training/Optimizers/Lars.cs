using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Engine.Training.Optimizers;

/// <summary>
/// LARS as BossNAS/OpenSelfSup use it: per-parameter trust ratio
/// local_lr = η·‖w‖ / (‖g‖ + wd·‖w‖), update d = (g + wd·w)·local_lr·lr, momentum buf = m·buf + d, w −= buf.
/// Excluded parameters get local_lr = 1 and no decay: plain momentum SGD. Guarded (the default), a weight whose norm
/// (or gradient's) is zero gets local_lr = 1; unguarded, as the public code, a zero weight gets local_lr = 0 and
/// never moves (BossNAS's regex missed ResAtt's zero-initialised BN γ, which therefore stayed at zero: §3.10a).
/// </summary>
internal sealed class Lars : Optimizer
{
    private readonly double _momentum, _eta;
    private readonly bool _guard;

    /// <summary>Creates the optimiser.</summary>
    public Lars(IReadOnlyList<(string Name, Parameter Parameter)> parameters, double momentum, double eta, double weightDecay,
        Func<string, Parameter, bool>? exclude = null, bool guardZeroNorm = true)
        : base(parameters, weightDecay, exclude)
    {
        _guard = guardZeroNorm;
        _momentum = momentum;
        _eta = eta;
    }

    /// <inheritdoc />
    protected override void Update(string name, Parameter p, Tensor grad, double lr, double weightDecay)
    {
        // Explicit scalars held to the end: implicit ones can be freed by the GC mid-call (see Ema).
        using var rate = lr.ToScalar();
        using var decay = weightDecay.ToScalar();
        using var eta = _eta.ToScalar();
        using var momentum = _momentum.ToScalar();
        using var zero = 0.ToScalar();
        Tensor d;
        if (IsExcluded(name))
        {
            d = grad.mul(rate);
        }
        else
        {
            var wn = p.norm();
            var gn = grad.norm();
            var denominator = gn.add(wn.mul(decay));
            // Guarded: the trust ratio only where both norms are positive (a zero-initialised weight would never move).
            // Public: wherever it is defined (0 for a zero weight with a gradient).
            var defined = _guard ? wn.gt(zero).logical_and(gn.gt(zero)) : denominator.gt(zero);
            var trust = where(defined, wn.mul(eta).div(denominator), ones_like(wn));
            d = grad.add(p, alpha: decay).mul_(trust.mul(rate));
        }
        var buf = Slot(name, "momentum", () => zeros_like(p));
        buf.mul_(momentum).add_(d);
        p.sub_(buf);
    }
}
