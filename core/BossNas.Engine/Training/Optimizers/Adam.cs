using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Engine.Training.Optimizers;

/// <summary>
/// Adam with coupled L2 weight decay (the decay is added to the gradient before the moments, as PyTorch's
/// <c>torch.optim.Adam</c> and DNA's supernet training do) and bias correction; the step count is kept per parameter.
/// </summary>
internal sealed class Adam : Optimizer
{
    private readonly double _beta1, _beta2, _eps;

    /// <summary>Creates the optimiser.</summary>
    public Adam(IReadOnlyList<(string Name, Parameter Parameter)> parameters, double beta1, double beta2, double eps, double weightDecay,
        Func<string, Parameter, bool>? exclude = null)
        : base(parameters, weightDecay, exclude)
    {
        _beta1 = beta1;
        _beta2 = beta2;
        _eps = eps;
    }

    /// <inheritdoc />
    protected override void Update(string name, Parameter p, Tensor grad, double lr, double weightDecay)
    {
        var m = Slot(name, "exp_avg", () => zeros_like(p));
        var v = Slot(name, "exp_avg_sq", () => zeros_like(p));
        var step = Slot(name, "step", () => zeros(1, ScalarType.Float64));
        step.add_(1);
        double t = step.item<double>();
        var g = weightDecay > 0 ? grad.add(p, alpha: weightDecay) : grad;
        m.mul_(_beta1).add_(g, alpha: 1 - _beta1);
        v.mul_(_beta2).addcmul_(g, g, value: 1 - _beta2);
        double c1 = 1 - Math.Pow(_beta1, t), c2 = 1 - Math.Pow(_beta2, t);
        var denom = v.div(c2).sqrt_().add_(_eps);
        p.addcdiv_(m, denom, value: -lr / c1);
    }
}
