using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Costs;
using BossNas.Core.Spaces;
using BossNas.Engine.Conformance;
using BossNas.Tests.Support;

namespace BossNas.Tests.Conformance;

/// <summary>
/// Every registered cost metric meets the engine's <see cref="CostMetricContract"/> on every registered space (what
/// <c>bossnas check-plugin</c> runs on a plugin's metrics), and the contract catches a metric that breaks it.
/// </summary>
[Collection("Torch")]
public sealed class CostMetricContractTests
{
    public static TheoryData<string, string> Pairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var metric in Registry.Names(ComponentKind.CostMetric))
            foreach (var space in Registry.Names(ComponentKind.SearchSpace)) data.Add(metric, space);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void The_metric_is_finite_repeatable_and_agrees_with_the_analytic_cost(string metric, string space) =>
        CostMetricContract.Check(metric, Registry.Create<ICostMetric>(ComponentKind.CostMetric, metric)!, space,
            Registry.Create<ISearchSpace>(ComponentKind.SearchSpace, space)!);

    /// <summary>Claims to read MAdds from the analytic cost but computes parameters.</summary>
    private sealed class Inconsistent : ICostMetric
    {
        public string Unit => "MAdds";

        public CostKind Kind => CostKind.Analytic;

        public double Compute(ISearchSpace space, Architecture architecture, InputShape input) => space.Cost(architecture, input).Params;

        public double? FromCost(Cost cost) => cost.MAdds;
    }

    /// <summary>A counted metric that is not repeatable.</summary>
    private sealed class Drifting : ICostMetric
    {
        private int _calls;

        public string Unit => "calls";

        public CostKind Kind => CostKind.Analytic;

        public double Compute(ISearchSpace space, Architecture architecture, InputShape input) => _calls++;
    }

    [Fact]
    public void A_metric_that_disagrees_with_the_analytic_cost_or_drifts_fails_and_one_that_refuses_the_space_is_skipped()
    {
        var space = Registry.Create<ISearchSpace>(ComponentKind.SearchSpace, "nats")!;
        Assert.Contains("reads", Assert.Throws<ConformanceException>(() => CostMetricContract.Check("bad", new Inconsistent(), "nats", space)).Message);
        Assert.Contains("two values", Assert.Throws<ConformanceException>(() => CostMetricContract.Check("bad", new Drifting(), "nats", space)).Message);
        Assert.Throws<CheckSkippedException>(() => CostMetricContract.Check("picky", new Picky(), "nats", space));
    }

    private sealed class Picky : ICostMetric
    {
        public string Unit => "ms";

        public CostKind Kind => CostKind.Measured;

        public string? CheckCompatible(ISearchSpace space) => "measures only on a GPU";

        public double Compute(ISearchSpace space, Architecture architecture, InputShape input) => 1;
    }
}
