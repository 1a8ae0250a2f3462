using BossNas.Core.Components;
using BossNas.Core.Costs;
using BossNas.Engine;
using BossNas.Engine.Config;
using BossNas.Engine.Latency;
using BossNas.Tests.Support;

namespace BossNas.Tests.Platform;

/// <summary>
/// <c>[cost_metric.&lt;name&gt;]</c> gives a metric its options (checked like a component section, written to the resolved
/// config only when given), and a latency cap (<c>max_latency_ms</c>) needs its metric among <c>[pipeline] cost_metrics</c>.
/// </summary>
public sealed class LatencyConfigTests
{
    private static string Config(string metrics, string searcher = "", string sections = "") => $"""
        [pipeline]
        phases = ["search", "report"]
        cost_metrics = {metrics}

        [search_space]
        plugin = "nats"

        [evaluator]
        plugin = "params"

        [searcher]
        plugin = "evolution"
        {searcher}
        {sections}
        """;

    private static RunConfig Parse(string text) => RunConfig.Parse(text, "c.toml", TestPlugins.Host);

    [Fact]
    public void A_metric_section_sets_its_options_and_is_part_of_the_resolved_config()
    {
        var config = Parse(Config("""["madds", "latency_ms"]""", sections: "[cost_metric.latency_ms]\nthreads = 2\nruns = 7"));
        var set = ComponentSet.Create(config, TestPlugins.Host);
        var metric = Assert.IsType<MeasuredLatencyMetric>(set.CostMetrics[CostMetricNames.LatencyMeasured]);
        Assert.Equal((2, 7, 1), (metric.Options.Threads, metric.Options.Runs, metric.Options.Batch));
        Assert.Contains("[cost_metric.latency_ms]", config.ToResolvedToml());
        Assert.DoesNotContain("[cost_metric", Parse(Config("""["madds", "latency_ms"]""")).ToResolvedToml());
    }

    [Theory]
    [InlineData("[cost_metric.latency_ms]\nthread = 2", "thread")]
    [InlineData("[cost_metric.latency_msec]\nthreads = 2", "latency_msec")]
    [InlineData("[cost_metric.latency_ms]\nthreads = 0", "threads")]
    public void A_bad_metric_section_is_an_error_at_its_line(string section, string named)
    {
        var e = Assert.Throws<ConfigException>(() => Parse(Config("""["madds"]""", sections: section)));
        var error = Assert.Single(e.Errors);
        Assert.True(error.Line > 0, error.ToString());
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void A_latency_cap_needs_its_metric_recorded_and_then_caps_it()
    {
        var unrecorded = Parse(Config("""["madds"]""", "max_latency_ms = 2.5"));
        var e = Assert.Throws<ConfigException>(() => ComponentSet.Create(unrecorded, TestPlugins.Host));
        var error = Assert.Single(e.Errors);
        Assert.Contains("caps cost metric 'latency_predicted_ms'", error.Message);
        Assert.Equal(unrecorded[ComponentKind.Searcher].Line, error.Line);

        var set = ComponentSet.Create(Parse(Config("""["madds", "latency_predicted_ms"]""", "max_latency_ms = 2.5")), TestPlugins.Host);
        Assert.Equal(2.5, set.Searcher.Limits.Caps[CostMetricNames.LatencyPredicted]);
        var measured = ComponentSet.Create(Parse(Config("""["latency_ms"]""", "max_latency_ms = 3\nlatency_metric = \"latency_ms\"")), TestPlugins.Host);
        Assert.Equal(3, measured.Searcher.Limits.Caps[CostMetricNames.LatencyMeasured]);
    }
}
