using BossNas.Engine.Config;
using TorchSharp.Modules;

namespace BossNas.Engine.Training.Optimizers;

/// <summary>Builds the optimiser an <see cref="OptimSection"/> names.</summary>
public static class OptimizerFactory
{
    /// <summary>The optimiser for <paramref name="parameters"/>.</summary>
    public static Optimizer Create(OptimSection o, IReadOnlyList<(string Name, Parameter Parameter)> parameters) => o.Optimizer switch
    {
        "sgd" => new Sgd(parameters, o.Momentum, o.Nesterov, o.WeightDecay),
        "adamw" => new AdamW(parameters, o.Momentum, 0.999, 1e-8, o.WeightDecay),
        "lars" => new Lars(parameters, o.Momentum, o.LarsEta, o.WeightDecay),
        _ => throw new ArgumentException($"unknown optimizer '{o.Optimizer}'"),
    };
}
