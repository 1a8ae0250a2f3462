using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Costs;
using BossNas.Core.Spaces;

namespace BossNas.PluginTemplate;

/// <summary>
/// A cost metric: the memory the stand-alone network's weights take in float32, counted from the space's parameter
/// count. List it in a config's <c>[pipeline] cost_metrics = ["madds", "example_weight_bytes"]</c>: every rating file,
/// the Pareto front and the report then carry it, and <c>nsga2</c> minimises it beside the score. A measured metric
/// (energy, latency) would say <see cref="CostKind.Measured"/> and time the network in <see cref="Compute"/>.
/// </summary>
[Component(ComponentKind.CostMetric, "example_weight_bytes", Description = "example: float32 weight memory of the stand-alone network")]
public sealed class ExampleWeightBytes : ICostMetric
{
    /// <inheritdoc />
    public string Unit => "bytes";

    /// <inheritdoc />
    public CostKind Kind => CostKind.Analytic;

    /// <inheritdoc />
    public double Compute(ISearchSpace space, Architecture architecture, InputShape input) => FromParams(space.Cost(architecture, input).Params);

    /// <inheritdoc />
    public double? FromCost(Cost cost) => FromParams(cost.Params);

    private static double FromParams(long parameters) => 4.0 * parameters;
}
