using BossNas.Engine.Config;
using TorchSharp.Modules;

namespace BossNas.Engine.Training.Optimizers;

/// <summary>Builds the optimiser an <see cref="OptimSection"/> names.</summary>
internal static class OptimizerFactory
{
    /// <summary>The optimiser for <paramref name="parameters"/>.</summary>
    public static Optimizer Create(OptimSection o, IReadOnlyList<(string Name, Parameter Parameter)> parameters)
    {
        Func<string, Parameter, bool> exclude = o.Exclude == "bossnas_names" ? Optimizer.BossNasNames : Optimizer.OneDimensional;
        return o.Optimizer switch
        {
            "sgd" => new Sgd(parameters, o.Momentum, o.Nesterov, o.WeightDecay, exclude),
            "adam" => new Adam(parameters, o.Momentum, 0.999, 1e-8, o.WeightDecay, exclude),
            "adamw" => new AdamW(parameters, o.Momentum, 0.999, 1e-8, o.WeightDecay, exclude),
            "lars" => new Lars(parameters, o.Momentum, o.LarsEta, o.WeightDecay, exclude, guardZeroNorm: o.LarsZeroNorm == "guarded"),
            _ => throw new ArgumentException($"unknown optimizer '{o.Optimizer}'"),
        };
    }
}
