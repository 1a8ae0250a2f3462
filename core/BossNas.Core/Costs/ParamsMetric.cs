using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Spaces;

namespace BossNas.Core.Costs;

/// <summary>Parameters of the stand-alone network, as the space counts them (<see cref="ISearchSpace.Cost"/>).</summary>
[Component(ComponentKind.CostMetric, CostMetricNames.Params, Description = "parameters of the stand-alone network, counted analytically by the space")]
public sealed class ParamsMetric : ICostMetric
{
    /// <inheritdoc />
    public string Unit => "parameters";

    /// <inheritdoc />
    public CostKind Kind => CostKind.Analytic;

    /// <inheritdoc />
    public double Compute(ISearchSpace space, Architecture architecture, InputShape input) => space.Cost(architecture, input).Params;

    /// <inheritdoc />
    public double? FromCost(Cost cost) => cost.Params;
}
