using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Context;
using BossNas.Core.Costs;
using BossNas.Core.Evaluation;
using BossNas.Core.Searching;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Tests.Support;

namespace BossNas.Plugins.Searchers.Tests;

/// <summary>
/// A latency cap (<c>max_latency_ms</c> on the predicted latency, here a synthetic per-layer model that does not follow
/// MAdds) is kept by every searcher that takes caps: nothing over it is rated, nothing over it is returned, over many
/// seeds; and the cap binds (the same search without it rates architectures over it).
/// </summary>
public sealed class LatencyCapTests
{
    private static readonly InputShape Input = new(3, 32, 32, 10);

    private static readonly SyntheticLatency Latency = new();

    private static double Of(ISearchSpace space, Architecture a) => Latency.Compute(space, a, Input);

    private static ISearcher Searcher(string name, double cap)
    {
        (string, object)[] shared = cap > 0 ? [("MaxLatencyMs", cap)] : [];
        (string, object)[] own = name switch
        {
            "evolution" => [("Population", 10), ("TopK", 4), ("Generations", 4), ("Mutations", 4), ("Crossovers", 4)],
            "nsga2" => [("Population", 10), ("Generations", 4)],
            _ => [("Levels", 2), ("Mutations", 12)],
        };
        return SpaceTestKit.Create<ISearcher>(ComponentKind.Searcher, name, [.. own, .. shared]);
    }

    [Theory]
    [InlineData("evolution")]
    [InlineData("nsga2")]
    [InlineData("coarse_to_fine")]
    public void Nothing_over_the_latency_cap_is_rated_or_returned(string name)
    {
        var space = SpaceTestKit.Space("nats");
        var rng = new SeededRandom(99);
        var latencies = Enumerable.Range(0, 400).Select(_ => Of(space, space.SampleArchitecture(rng))).Order().ToList();
        double cap = latencies[latencies.Count / 3];
        bool bound = false;
        for (long seed = 0; seed < 6; seed++)
        {
            (string, ICostMetric)[] metrics = [(CostMetricNames.MAdds, new MAddsMetric()), (CostMetricNames.LatencyPredicted, Latency)];
            var evaluator = new HashEvaluator();
            var context = new TestSearchContext(space, Input, evaluator, run: RunContext.ForTests(seed), costMetrics: metrics);
            var found = Searcher(name, cap).Search(Architecture.Empty, context);

            Assert.NotEmpty(evaluator.Rated);
            Assert.All(evaluator.Rated, a => Assert.True(Of(space, a) <= cap, $"{name} rated {a} at {Of(space, a):F2} ms over the {cap:F2} ms cap"));
            Assert.True(Of(space, found) <= cap, $"{name} returned {found} over the cap");

            var free = new HashEvaluator();
            Searcher(name, 0).Search(Architecture.Empty, new TestSearchContext(space, Input, free, run: RunContext.ForTests(seed), costMetrics: metrics));
            bound |= free.Rated.Any(a => Of(space, a) > cap);
        }
        Assert.True(bound, "the cap never bound: the uncapped search rated nothing over it");
    }

    [Fact]
    public void Caps_on_any_metric_add_their_relative_excess_to_the_violation()
    {
        var limits = CostLimits.FromOptions(maxMAdds: 100, maxParams: 0, maxLatencyMs: 2);
        Assert.Equal(["latency_predicted_ms"], limits.Caps.Keys);
        var cost = new Cost(150, 10);
        Assert.Equal(0.5 + 0.25, limits.Violation(cost, _ => 2.5), 12);
        Assert.Equal(0.5, limits.Violation(cost, _ => 1.5), 12);
        Assert.False(limits.Allows(new Cost(50, 10), new Dictionary<string, double> { ["latency_predicted_ms"] = 2.1 }));
        Assert.True(limits.Allows(new Cost(50, 10), new Dictionary<string, double> { ["latency_predicted_ms"] = 2 }));
        Assert.False(limits.IsUnlimited);
        Assert.True(CostLimits.FromOptions(0, 0, 0).IsUnlimited);
        Assert.Equal("latency_ms", Assert.Single(CostLimits.FromOptions(0, 0, 1, "latency_ms").Caps.Keys));
    }
}
