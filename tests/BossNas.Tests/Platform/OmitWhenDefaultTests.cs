using BossNas.Engine.Config;
using BossNas.Tests.Support;

namespace BossNas.Tests.Platform;

/// <summary>
/// Options added after configs were written (<c>[OmitWhenDefault]</c>, e.g. the searchers' latency cap) stay out of the
/// resolved config while at their default, so a config written before them keeps its hash and its finished runs are
/// still found on resume; set, they are written and hashed.
/// </summary>
public sealed class OmitWhenDefaultTests
{
    private static RunConfig Parse(string searcherExtra, string pipelineExtra = "") => RunConfig.Parse($"""
        [pipeline]
        phases = ["search", "report"]
        {pipelineExtra}

        [search_space]
        plugin = "nats"

        [evaluator]
        plugin = "params"

        [searcher]
        plugin = "evolution"
        {searcherExtra}
        """, "c.toml", TestPlugins.Host);

    [Fact]
    public void A_latency_cap_at_its_default_is_left_out_and_keeps_the_hash()
    {
        var plain = Parse("");
        var resolved = plain.ToResolvedToml();
        Assert.DoesNotContain("max_latency_ms", resolved);
        Assert.DoesNotContain("latency_metric", resolved);
        Assert.Contains("max_madds", resolved); // options without the mark are written at their default
        Assert.Equal(plain.Hash(), Parse("max_latency_ms = 0.0\nlatency_metric = \"latency_predicted_ms\"").Hash());
    }

    [Fact]
    public void A_latency_cap_that_is_set_is_written_and_changes_the_hash()
    {
        var capped = Parse("max_latency_ms = 4.5", "cost_metrics = [\"madds\", \"params\", \"latency_predicted_ms\"]");
        Assert.Contains("max_latency_ms = 4.5", capped.ToResolvedToml());
        Assert.DoesNotContain("latency_metric", capped.ToResolvedToml());
        Assert.NotEqual(Parse("", "cost_metrics = [\"madds\", \"params\", \"latency_predicted_ms\"]").Hash(), capped.Hash());
        var measured = Parse("max_latency_ms = 4.5\nlatency_metric = \"latency_ms\"", "cost_metrics = [\"madds\", \"params\", \"latency_ms\"]");
        Assert.Contains("latency_metric = \"latency_ms\"", measured.ToResolvedToml());
    }
}
