using BossNas.Core.Architectures;
using BossNas.Core.Costs;
using BossNas.Core.Spaces;

namespace BossNas.Tests.Support;

/// <summary>
/// A deterministic stand-in for the predicted latency in searcher tests: 0.1–0.5 ms per layer from a fixed
/// pseudo-random value of (layer, op), summed, so that it does not follow MAdds and a latency cap binds elsewhere.
/// </summary>
public sealed class SyntheticLatency : ICostMetric
{
    /// <inheritdoc />
    public string Unit => "ms";

    /// <inheritdoc />
    public CostKind Kind => CostKind.Predicted;

    /// <inheritdoc />
    public double Compute(ISearchSpace space, Architecture architecture, InputShape input) =>
        architecture.Blocks.SelectMany(b => b.Ops).Select((op, layer) => 0.1 * ((op * 7 + layer * 3) % 5 + 1)).Sum();
}
