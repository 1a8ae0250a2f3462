using BossNas.Engine.Config;
using BossNas.Engine.Pipeline;
using BossNas.Tests.Support;

namespace BossNas.Tests.Pipeline;

/// <summary>
/// Which points of a front the <c>front</c> phase trains, against hand computations, and its <c>[retrain]</c> keys: checked
/// at their line, and left out of the resolved config at their defaults.
/// </summary>
public sealed class FrontPointsTests
{
    [Fact]
    public void The_knee_is_the_point_farthest_below_the_chord_between_the_ends()
    {
        // Cost 1..4, accuracy rising then flattening. Scaled to [0,1] (accuracy as loss): (0,1), (1/3,0.189), (2/3,0.054),
        // (1,0); distances to the chord x + y = 1: 0.338 and 0.197, so the knee is the second point.
        var front = new List<(double, double)> { (1, 0.50), (2, 0.80), (3, 0.85), (4, 0.87) };
        var picked = FrontPoints.Pick(front, false, FrontPoints.Names);
        Assert.Equal([("knee", 1), ("cheapest", 0), ("best", 3)], picked);
        // The same front with the score as a loss (lower is better) picks the same points.
        Assert.Equal(picked, FrontPoints.Pick(front.Select(p => (p.Item1, -p.Item2)).ToList(), true, FrontPoints.Names));
    }

    [Fact]
    public void A_front_bulging_away_from_the_ideal_or_of_two_points_has_no_knee()
    {
        // (0,1), (0.5,0.875), (1,0): the middle point lies above the chord.
        Assert.Equal([("cheapest", 0), ("best", 2)], FrontPoints.Pick([(1, 0.50), (2, 0.55), (3, 0.90)], false, FrontPoints.Names));
        Assert.Equal([("cheapest", 0), ("best", 1)], FrontPoints.Pick([(1, 0.50), (2, 0.60)], false, FrontPoints.Names));
        Assert.Equal([("best", 0)], FrontPoints.Pick([(1, 0.50)], false, ["knee", "best"]));
    }

    private static RunConfig Parse(string retrain, string phases = "\"search\", \"retrain\", \"front\", \"report\"") => RunConfig.Parse($"""
        [pipeline]
        phases = [{phases}]

        [search_space]
        plugin = "nats"

        [evaluator]
        plugin = "params"

        [searcher]
        plugin = "random"

        [retrain]
        {retrain}
        """, "c.toml", TestPlugins.Host);

    [Theory]
    [InlineData("front_points = [\"kne\"]", "c.toml:14:1: retrain.front_points: unknown front point 'kne' (did you mean 'knee'?)")]
    [InlineData("front_points = []", "c.toml:14:1: retrain.front_points: name at least one point")]
    [InlineData("front_metric = \"latency_ms\"", "c.toml:14:1: retrain.front_metric: 'latency_ms' is not one of [pipeline] cost_metrics (madds, params)")]
    public void Bad_front_keys_are_errors_at_their_line(string line, string error)
    {
        var e = Assert.Throws<ConfigException>(() => Parse(line));
        Assert.Contains(e.Errors, x => x.ToString().StartsWith(error, StringComparison.Ordinal));
    }

    [Fact]
    public void The_front_keys_at_their_defaults_leave_the_resolved_config_as_it_was()
    {
        var plain = Parse("epochs = 1", "\"search\", \"retrain\", \"report\"");
        Assert.DoesNotContain("front_", plain.ToResolvedToml());
        Assert.Equal(plain.Hash(), Parse("epochs = 1\nfront_points = [\"knee\", \"cheapest\", \"best\"]\nfront_controls = 1", "\"search\", \"retrain\", \"report\"").Hash());
        Assert.Contains("front_points = [\"knee\"]", Parse("front_points = [\"knee\"]").ToResolvedToml());
    }
}
