using BossNas.Core.Components;
using BossNas.Engine.Conformance;
using BossNas.Tests.Support;

namespace BossNas.Tests.Conformance;

/// <summary>
/// Every registered strategy runs the engine's <see cref="SmokeRunContract"/> smoke pipeline on every space it accepts,
/// and every evaluator and searcher runs in at least one combination that accepts it.
/// </summary>
[Collection("Torch")]
public sealed class SmokeRunContractTests
{
    [Theory]
    [MemberData(nameof(Registry.Combinations), MemberType = typeof(Registry))]
    public void The_combination_runs_end_to_end(string space, string strategy, string evaluator, string searcher)
    {
        using var temp = new TempFolder();
        SmokeRunContract.Run(Registry.Catalog, new Combination(space, strategy, evaluator, searcher), temp.Path);
    }

    [Fact]
    public void Every_registered_strategy_evaluator_and_searcher_is_covered()
    {
        var combos = Registry.Catalog.Combinations();
        foreach (var s in Registry.Names(ComponentKind.Supervision)) Assert.Contains(combos, c => c.Strategy == s);
        foreach (var s in Registry.Names(ComponentKind.Searcher)) Assert.Contains(combos, c => c.Searcher == s);
        // nats_oracle needs its accuracy file, so it has no smoke profile; it has its own tests.
        foreach (var e in Registry.Names(ComponentKind.Evaluator).Where(e => e != "nats_oracle")) Assert.Contains(combos, c => c.Evaluator == e);
    }
}
