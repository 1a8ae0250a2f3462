using BossNas.Core.Components;

namespace BossNas.Plugins.EnsembleBootstrapping;

/// <summary>How the paths trained in one step are drawn.</summary>
public enum SamplingChoice
{
    /// <summary>Distinct paths drawn uniformly without replacement (BossNAS on HyTra).</summary>
    Uniform,

    /// <summary>FairNAS strict fairness: one path per op, each op of each layer once (BossNAS on MBConv/NATS).</summary>
    Fair,

    /// <summary>Fair when the space supports strict fairness, otherwise uniform.</summary>
    Auto,
}
