using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Engine.Training.Optimizers;

/// <summary>
/// LARS as BossNAS/OpenSelfSup use it: per-parameter trust ratio
/// local_lr = η·‖w‖ / (‖g‖ + wd·‖w‖), update d = (g + wd·w)·local_lr·lr, momentum buf = m·buf + d, w −= buf.
/// Excluded parameters (every BN weight/bias and bias) get local_lr = 1 and no decay: plain momentum SGD. BossNAS's
/// own exclusion regex missed ResAtt's zero-initialised BN γ, freezing attention branches at zero
/// (bossnas.md §3.10a); excluding all 1-D parameters avoids that.
/// </summary>
internal sealed class Lars : Optimizer
{
    private readonly double _momentum, _eta;

    /// <summary>Creates the optimiser.</summary>
    public Lars(IReadOnlyList<(string Name, Parameter Parameter)> parameters, double momentum, double eta, double weightDecay,
        Func<string, Parameter, bool>? exclude = null)
        : base(parameters, weightDecay, exclude)
    {
        _momentum = momentum;
        _eta = eta;
    }

    /// <inheritdoc />
    protected override void Update(string name, Parameter p, Tensor grad, double lr, double weightDecay)
    {
        Tensor d;
        if (IsExcluded(name))
        {
            d = grad.mul(lr);
        }
        else
        {
            var wn = p.norm();
            var gn = grad.norm();
            // Trust ratio only where both norms are positive (a zero-initialised weight would never move).
            var trust = where(wn.gt(0).logical_and(gn.gt(0)), wn.mul(_eta).div(gn.add(wn.mul(weightDecay))), ones_like(wn));
            d = grad.add(p, alpha: weightDecay).mul_(trust.mul(lr));
        }
        var buf = Slot(name, "momentum", () => zeros_like(p));
        buf.mul_(_momentum).add_(d);
        p.sub_(buf);
    }
}
