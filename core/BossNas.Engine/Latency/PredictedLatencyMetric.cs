using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Costs;
using BossNas.Core.Spaces;

namespace BossNas.Engine.Latency;

/// <summary>
/// <c>latency_predicted_ms</c>: the sum of the architecture's layers in the space's latency table on this machine plus
/// the table's fixed overhead (<see cref="LatencyTable"/>). The table is built the first time it is needed (every
/// distinct layer timed once, seconds to minutes) and cached per machine (<see cref="LatencyTableStore"/>); each
/// prediction after that is a lookup, cheap enough for a cap checked on every candidate.
/// </summary>
[Component(ComponentKind.CostMetric, CostMetricNames.LatencyPredicted, typeof(PredictedLatencyOptions),
    Description = "latency predicted from a per-layer table timed once per machine and cached: sum of the layers + fixed overhead, ms")]
public sealed class PredictedLatencyMetric(PredictedLatencyOptions options) : ICostMetric
{
    private static readonly InputShape Probe = new(1, 28, 28, 10);

    /// <inheritdoc />
    public string Unit => "ms";

    /// <inheritdoc />
    public CostKind Kind => CostKind.Predicted;

    /// <summary>The options its table is timed with.</summary>
    public PredictedLatencyOptions Options => options;

    /// <inheritdoc />
    public string? CheckCompatible(ISearchSpace space)
    {
        try
        {
            return LatencyTableBuilder.Problem(space, Probe);
        }
        catch (ArgumentException)
        {
            return null; // a space that cannot take the probe shape says at the run's own shape
        }
    }

    /// <summary>The table of <paramref name="space"/> at <paramref name="input"/> (built and cached when missing).</summary>
    public LatencyTable Table(ISearchSpace space, InputShape input, bool rebuild = false) => LatencyTableStore.Get(space, input, options, rebuild);

    /// <inheritdoc />
    public double Compute(ISearchSpace space, Architecture architecture, InputShape input)
    {
        var layers = space.Layers(architecture, input) ?? throw new NotSupportedException(LatencyTableBuilder.Problem(space, input));
        var table = Table(space, input);
        LatencyTableStore.Complete(table, layers, space, input, options);
        return table.Predict(layers);
    }
}
