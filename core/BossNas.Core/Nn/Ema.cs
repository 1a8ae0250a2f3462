using TorchSharp;
using static TorchSharp.torch;

namespace BossNas.Core.Nn;

/// <summary>
/// Exponential moving average of parameters: target ← m·target + (1−m)·online, parameter by parameter in
/// registration order. Used for BYOL/BossNAS target networks and for model EMA.
/// </summary>
public static class Ema
{
    /// <summary>
    /// Updates <paramref name="target"/>'s parameters towards <paramref name="online"/>'s; with <paramref name="include"/>,
    /// only those whose online parameter it accepts (the others keep their value).
    /// </summary>
    /// <exception cref="ArgumentException">The two modules do not have the same parameter names and shapes.</exception>
    public static void Update(nn.Module target, nn.Module online, double momentum, Func<TorchSharp.Modules.Parameter, bool>? include = null)
    {
        var onlineParams = online.named_parameters().ToList();
        var targetParams = target.named_parameters().ToList();
        if (onlineParams.Count != targetParams.Count)
            throw new ArgumentException($"EMA: {targetParams.Count} target vs {onlineParams.Count} online parameters");
        using var noGrad = no_grad();
        // Explicit scalars, alive until the loop ends: TorchSharp frees an implicitly converted Scalar in its
        // finalizer, which can run while the native call that reads it is still going (a use after free).
        using var keep = momentum.ToScalar();
        using var take = (1 - momentum).ToScalar();
        for (int i = 0; i < onlineParams.Count; i++)
        {
            var (name, o) = onlineParams[i];
            var (tname, t) = targetParams[i];
            if (name != tname) throw new ArgumentException($"EMA: parameter '{tname}' paired with '{name}'");
            if (include is not null && !include(o)) continue;
            t.mul_(keep).add_(o, alpha: take);
        }
    }

    /// <summary>Copies every parameter and buffer of <paramref name="source"/> into <paramref name="target"/>.</summary>
    public static void CopyInto(nn.Module target, nn.Module source)
    {
        using var noGrad = no_grad();
        var src = source.state_dict();
        foreach (var (name, t) in target.state_dict())
            t.copy_(src[name]);
    }

    /// <summary>BYOL's cosine momentum schedule: m = 1 − (1 − base)·(cos(π·k/K) + 1)/2, from base to 1.</summary>
    public static double CosineMomentum(double baseMomentum, long step, long totalSteps) =>
        totalSteps <= 0 ? 1.0 : 1 - (1 - baseMomentum) * (Math.Cos(Math.PI * step / totalSteps) + 1) / 2;
}
