namespace BossNas.Core.Costs;

/// <summary>How a cost metric gets its value for an architecture.</summary>
public enum CostKind
{
    /// <summary>Counted from the architecture's definition (MAdds, parameters): exact, free, the same on every machine.</summary>
    Analytic,

    /// <summary>Measured by running the network (latency, memory on this machine): noisy, takes time.</summary>
    Measured,

    /// <summary>Predicted by a model of the measurement (a per-layer latency table): cheap, approximate.</summary>
    Predicted,
}
