using TorchSharp.Modules;

namespace BossNas.Engine.Training.Optimizers;

/// <summary>AdamW: <see cref="Adam"/> with decoupled weight decay (w ← w·(1 − lr·wd) before the Adam step).</summary>
internal sealed class AdamW(IReadOnlyList<(string Name, Parameter Parameter)> parameters, double beta1, double beta2, double eps,
    double weightDecay, Func<string, Parameter, bool>? exclude = null)
    : Adam(parameters, beta1, beta2, eps, weightDecay, exclude, decoupled: true);
