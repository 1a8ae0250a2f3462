using BossNas.Core.Components;
using BossNas.Core.Costs;
using BossNas.Engine;
using BossNas.Engine.Config;
using BossNas.Tests.Support;

namespace BossNas.Tests.Platform;

/// <summary>
/// <c>[pipeline] cost_metrics</c>: the built-in metrics are registered components, names are checked at the key, the
/// default list leaves the resolved config (and so the hash of every existing config) as it was, and the configured
/// metrics reach the component set in their order.
/// </summary>
public sealed class CostMetricConfigTests
{
    private static string Config(string pipelineExtra) => $"""
        [pipeline]
        phases = ["search", "report"]
        {pipelineExtra}

        [search_space]
        plugin = "nats"

        [evaluator]
        plugin = "params"

        [searcher]
        plugin = "random"
        """;

    private static RunConfig Parse(string extra) => RunConfig.Parse(Config(extra), "c.toml", TestPlugins.Host);

    [Fact]
    public void The_built_in_metrics_are_registered_components_of_their_own_kind()
    {
        var madds = TestPlugins.Host.Find(ComponentKind.CostMetric, "madds");
        var parameters = TestPlugins.Host.Find(ComponentKind.CostMetric, "params");
        Assert.Equal(typeof(MAddsMetric), madds!.Type);
        Assert.Equal(typeof(ParamsMetric), parameters!.Type);
        Assert.Equal("cost_metric", ComponentKind.CostMetric.Section());
        Assert.Equal(typeof(ICostMetric), ComponentKind.CostMetric.Contract());
        var metric = TestPlugins.Host.CreateDefault<ICostMetric>(ComponentKind.CostMetric, "params");
        Assert.Equal((CostKind.Analytic, true, "parameters"), (metric.Kind, metric.LowerIsBetter, metric.Unit));
        Assert.Equal(CostMetricNames.Defaults, CostMetricInfo.Defaults.Select(i => i.Name));
    }

    [Fact]
    public void The_default_metrics_leave_the_resolved_config_and_its_hash_as_they_were()
    {
        var plain = Parse("");
        Assert.Equal(CostMetricNames.Defaults, plain.Pipeline.CostMetrics);
        Assert.DoesNotContain("cost_metrics", plain.ToResolvedToml());
        Assert.Equal(plain.Hash(), Parse("cost_metrics = [\"madds\", \"params\"]").Hash());
        // Any other list is part of the run: it is written out and changes the hash.
        var reordered = Parse("cost_metrics = [\"params\", \"madds\"]");
        Assert.Contains("cost_metrics = [\"params\", \"madds\"]", reordered.ToResolvedToml());
        Assert.NotEqual(plain.Hash(), reordered.Hash());
        var set = ComponentSet.Create(reordered, TestPlugins.Host);
        Assert.Equal(["params", "madds"], set.CostMetrics.Names);
        Assert.Equal(CostMetricNames.Defaults, ComponentSet.Create(plain, TestPlugins.Host).CostMetrics.Names);
    }

    [Theory]
    [InlineData("cost_metrics = [\"madds\", \"energy_mj\"]", "c.toml:3:1: pipeline.cost_metrics: unknown cost_metric plugin 'energy_mj'")]
    [InlineData("cost_metrics = [\"madds\", \"madds\"]", "c.toml:3:1: pipeline.cost_metrics: 'madds' is listed 2 times")]
    [InlineData("cost_metrics = []", "c.toml:3:1: pipeline.cost_metrics: name at least one cost metric")]
    public void Unknown_repeated_or_no_metrics_are_errors_at_the_key(string line, string error)
    {
        var e = Assert.Throws<ConfigException>(() => Parse(line));
        Assert.Contains(e.Errors, x => x.ToString().StartsWith(error, StringComparison.Ordinal));
    }
}
