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
        var d = weightDecay > 0 ? grad.add(p, alpha: weightDecay) : grad;
        if (_momentum > 0)
        {
            bool fresh = !HasSlot(name, "momentum");
            var buf = Slot(name, "momentum", () => d.clone());
            if (!fresh) buf.mul_(_momentum).add_(d);
            d = _nesterov ? d.add(buf, alpha: _momentum) : buf;
        }
        p.add_(d, alpha: -lr);
    }
}
