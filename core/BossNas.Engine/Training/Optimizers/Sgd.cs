using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Engine.Training.Optimizers;

/// <summary>SGD with momentum and optional Nesterov, PyTorch's update rule (first step: buffer = gradient).</summary>
internal sealed class Sgd : Optimizer
{
    private readonly double _momentum;
    private readonly bool _nesterov;

    /// <summary>Creates the optimiser.</summary>
    public Sgd(IReadOnlyList<(string Name, Parameter Parameter)> parameters, double momentum, bool nesterov, double weightDecay,
        Func<string, Parameter, bool>? exclude = null)
        : base(parameters, weightDecay, exclude)
    {
        _momentum = momentum;
        _nesterov = nesterov;
    }

    /// <inheritdoc />
    protected override void Update(string name, Parameter p, Tensor grad, double lr, double weightDecay)
    {
        // Explicit scalars held to the end: implicit ones can be freed by the GC mid-call (see Ema).
        using var decay = weightDecay.ToScalar();
        using var momentum = _momentum.ToScalar();
        using var step = (-lr).ToScalar();
        var d = weightDecay > 0 ? grad.add(p, alpha: decay) : grad;
        if (_momentum > 0)
        {
            bool fresh = !HasSlot(name, "momentum");
            var buf = Slot(name, "momentum", () => d.clone());
            if (!fresh) buf.mul_(momentum).add_(d);
            d = _nesterov ? d.add(buf, alpha: momentum) : buf;
        }
        p.add_(d, alpha: step);
    }
}
