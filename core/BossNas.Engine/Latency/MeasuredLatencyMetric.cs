using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Costs;
using BossNas.Core.Spaces;

namespace BossNas.Engine.Latency;

/// <summary>
/// <c>latency_ms</c>: the stand-alone network's forward pass timed on this machine in TorchSharp (<see cref="ForwardTimer"/>),
/// the median of the timed runs. Slow (a network built and run per architecture) and noisy on a shared machine; a cap
/// or an objective over many candidates is better served by <see cref="PredictedLatencyMetric"/>.
/// </summary>
[Component(ComponentKind.CostMetric, CostMetricNames.LatencyMeasured, typeof(LatencyOptions),
    Description = "latency of the stand-alone network measured on this machine (TorchSharp, eval, no_grad, pinned threads): median of timed runs, ms")]
public sealed class MeasuredLatencyMetric(LatencyOptions options) : ICostMetric
{
    /// <summary>The options it measures with.</summary>
    public LatencyOptions Options => options;

    /// <inheritdoc />
    public string Unit => "ms";

    /// <inheritdoc />
    public CostKind Kind => CostKind.Measured;

    /// <summary>The whole timing (median and quartiles) of <paramref name="architecture"/>.</summary>
    public LatencySample Measure(ISearchSpace space, Architecture architecture, InputShape input) =>
        NetworkLatency.TorchSharp(space, architecture, input, new ForwardTimer(options).Time);

    /// <inheritdoc />
    public double Compute(ISearchSpace space, Architecture architecture, InputShape input) => Measure(space, architecture, input).MedianMs;
}
