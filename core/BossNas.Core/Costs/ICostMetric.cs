using BossNas.Core.Architectures;
using BossNas.Core.Spaces;

namespace BossNas.Core.Costs;

/// <summary>
/// A cost of an architecture, e.g. MAdds, parameters, or a plugin's energy or memory: one number per architecture of a
/// space at an input shape. Registered like any component (<c>[Component(ComponentKind.CostMetric, "name")]</c>) and
/// chosen by name in <c>[pipeline] cost_metrics</c>; the host then records it with every rating, in <c>ratings/*.csv</c>,
/// the Pareto front and the report, and hands it to searchers (<see cref="Searching.SearchContext.CostMetrics"/>).
/// The built-ins are <c>madds</c> and <c>params</c> (<see cref="MAddsMetric"/>, <see cref="ParamsMetric"/>).
/// </summary>
public interface ICostMetric
{
    /// <summary>The unit its values are in, for tables and plot axes (e.g. <c>MAdds</c>, <c>parameters</c>, <c>ms</c>).</summary>
    string Unit { get; }

    /// <summary>Whether the value is counted, measured or predicted.</summary>
    CostKind Kind { get; }

    /// <summary>Whether a lower value is cheaper (true for every cost the framework ships).</summary>
    bool LowerIsBetter => true;

    /// <summary>A reason why this metric cannot be computed for <paramref name="space"/>'s architectures, or null.</summary>
    string? CheckCompatible(ISearchSpace space) => null;

    /// <summary>The metric's value for the stand-alone network of <paramref name="architecture"/> at <paramref name="input"/>.</summary>
    double Compute(ISearchSpace space, Architecture architecture, InputShape input);

    /// <summary>
    /// The value read from an analytic <see cref="Cost"/> already at hand (a rating's, an evaluator's), or null when the
    /// metric is not part of it. The host uses it so that a metric and the (MAdds, params) pair never disagree.
    /// </summary>
    double? FromCost(Cost cost) => null;
}
