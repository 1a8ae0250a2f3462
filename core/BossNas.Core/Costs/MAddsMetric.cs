using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Spaces;

namespace BossNas.Core.Costs;

/// <summary>Multiply-adds of the stand-alone network for one image, as the space counts them (<see cref="ISearchSpace.Cost"/>).</summary>
[Component(ComponentKind.CostMetric, CostMetricNames.MAdds, Description = "multiply-adds for one image, counted analytically by the space")]
public sealed class MAddsMetric : ICostMetric
{
    /// <inheritdoc />
    public string Unit => "MAdds";

    /// <inheritdoc />
    public CostKind Kind => CostKind.Analytic;

    /// <inheritdoc />
    public double Compute(ISearchSpace space, Architecture architecture, InputShape input) => space.Cost(architecture, input).MAdds;

    /// <inheritdoc />
    public double? FromCost(Cost cost) => cost.MAdds;
}
