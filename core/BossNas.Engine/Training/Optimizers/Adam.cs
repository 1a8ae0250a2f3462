using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Engine.Training.Optimizers;

/// <summary>
/// Adam with bias correction; the step count is kept per parameter. Weight decay is coupled L2 (added to the gradient
/// before the moments, as PyTorch's <c>torch.optim.Adam</c> and DNA's supernet training do), or decoupled as in AdamW.
/// </summary>
internal class Adam : Optimizer
{
    private readonly double _beta1, _beta2, _eps;
    private readonly bool _decoupled;

    /// <summary>Creates the optimiser (coupled L2 decay).</summary>
    public Adam(IReadOnlyList<(string Name, Parameter Parameter)> parameters, double beta1, double beta2, double eps, double weightDecay,
        Func<string, Parameter, bool>? exclude = null)
        : this(parameters, beta1, beta2, eps, weightDecay, exclude, decoupled: false)
    {
    }

    /// <summary>Creates the optimiser with coupled or decoupled weight decay.</summary>
    protected Adam(IReadOnlyList<(string Name, Parameter Parameter)> parameters, double beta1, double beta2, double eps, double weightDecay,
        Func<string, Parameter, bool>? exclude, bool decoupled)
        : base(parameters, weightDecay, exclude)
    {
        _beta1 = beta1;
        _beta2 = beta2;
        _eps = eps;
        _decoupled = decoupled;
    }

    /// <inheritdoc />
    /// <remarks>The step count is read with item() every step; as in PyTorch's Adam (not capturable) it stays on the CPU.</remarks>
    protected override bool KeptOnCpu(string slot) => slot == "step";

    /// <inheritdoc />
    protected override void Update(string name, Parameter p, Tensor grad, double lr, double weightDecay)
    {
        var m = Slot(name, "exp_avg", () => zeros_like(p));
        var v = Slot(name, "exp_avg_sq", () => zeros_like(p));
        var step = Slot(name, "step", () => zeros(1, ScalarType.Float64));
        // Explicit scalars held to the end: implicit ones can be freed by the GC mid-call (see Ema).
        using var one = 1.ToScalar();
        step.add_(one);
        double t = step.item<double>();
        double c1 = 1 - Math.Pow(_beta1, t), c2 = 1 - Math.Pow(_beta2, t);
        using var shrink = (1 - lr * weightDecay).ToScalar();
        using var decay = weightDecay.ToScalar();
        using var beta1 = _beta1.ToScalar();
        using var rest1 = (1 - _beta1).ToScalar();
        using var beta2 = _beta2.ToScalar();
        using var rest2 = (1 - _beta2).ToScalar();
        using var correction2 = c2.ToScalar();
        using var eps = _eps.ToScalar();
        using var stepSize = (-lr / c1).ToScalar();
        var g = grad;
        if (weightDecay > 0 && _decoupled) p.mul_(shrink);
        else if (weightDecay > 0) g = grad.add(p, alpha: decay);
        m.mul_(beta1).add_(g, alpha: rest1);
        v.mul_(beta2).addcmul_(g, g, value: rest2);
        var denom = v.div(correction2).sqrt_().add_(eps);
        p.addcdiv_(m, denom, value: stepSize);
    }
}
