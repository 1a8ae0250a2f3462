using System.Globalization;
using System.Text.Json;
using BossNas.Core.Architectures;
using BossNas.Core.Pareto;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Reports;
using BossNas.Engine.Runs;
using BossNas.Tests.Support;

namespace BossNas.Plugins.Searchers.Tests;

/// <summary>
/// <c>nsga2</c> in a real run (NATS widths 8/16, a zero-cost evaluator, no supernet): the run's rating files carry the
/// configured cost metrics, <c>ratings/pareto.csv</c> is the non-dominated front of <c>ratings/architectures.csv</c>, the
/// report shows it with a plot per metric, and a run interrupted in the middle of the search resumes to the
/// uninterrupted front.
/// </summary>
[Collection("Torch")]
public sealed class Nsga2RunTests
{
    private static string Config(string costMetrics, string searcher = "", string sections = "") => $"""
        [run]
        name = "nsga2-run"
        seed = 2
        device = "cpu"
        checkpoint_every = 0

        [data]
        dataset = "synthetic"
        synthetic_count = 96
        synthetic_size = 16
        synthetic_classes = 4
        batch_size = 32
        rating_images = 32
        prefetch = 0

        [pipeline]
        phases = ["search", "report"]
        {costMetrics}

        [search_space]
        plugin = "nats"
        candidate_widths = [8, 16]

        [evaluator]
        plugin = "synflow"

        [searcher]
        plugin = "nsga2"
        population = 6
        generations = 4
        {searcher}

        [report]
        plots = true
        tensorboard = false
        {sections}
        """;

    private static (PhaseRunner.Outcome, RunFolder) Run(string config, string output, CancellationToken cancel = default, Action<int>? observer = null) =>
        RunLauncher.Launch(config, new[] { $"run.output=\"{output}\"" }, TestPlugins.Host,
            new RunLauncher.Options(false, false, false) { RatingObserver = observer }, cancel);

    private static List<(string Architecture, double[] Objectives)> Rows(string file, int costs)
    {
        var inv = CultureInfo.InvariantCulture;
        return File.ReadLines(file).Skip(1).Select(l => l.Split(','))
            .Select(p => (p[0], new[] { -double.Parse(p[1], inv) }.Concat(p.Skip(2).Take(costs).Select(x => double.Parse(x, inv))).ToArray())).ToList();
    }

    [Fact]
    public void A_run_interrupted_in_the_search_resumes_to_the_uninterrupted_front_which_is_the_front_of_everything_rated()
    {
        using var temp = new TempFolder();
        var path = temp.File("nsga2.toml");
        File.WriteAllText(path, Config(""));
        var (outcome, straight) = Run(path, temp.File("straight"));
        Assert.Equal(PhaseRunner.Outcome.Finished, outcome);

        using var cancel = new CancellationTokenSource();
        // Rating request 1 (counted from 0) rates generation 1 of 0..3; the checkpoint after it ends the run.
        var (first, resumed) = Run(path, temp.File("resumed"), cancel.Token, requests => { if (requests == 1) cancel.Cancel(); });
        Assert.Equal(PhaseRunner.Outcome.Interrupted, first);
        Assert.False(File.Exists(resumed.File("ratings/pareto.csv")));
        var (second, again) = Run(resumed.Path, temp.File("resumed"));
        Assert.Equal(PhaseRunner.Outcome.Finished, second);

        foreach (var file in new[] { "ratings/architectures.csv", "ratings/pareto.csv" })
            Assert.Equal(File.ReadAllText(straight.File(file)), File.ReadAllText(again.File(file)));
        string Found(RunFolder f) => JsonDocument.Parse(File.ReadAllText(f.File("architecture.json"))).RootElement.GetProperty("architecture").GetString()!;
        Assert.Equal(Found(straight), Found(again));

        // The default cost metrics keep the columns the file always had; the front is exactly the non-dominated rows of it.
        Assert.Equal("architecture,score,madds,params", File.ReadLines(again.File("ratings/architectures.csv")).First());
        Assert.Equal("architecture,score,madds,params", File.ReadLines(again.File("ratings/pareto.csv")).First());
        var rated = Rows(again.File("ratings/architectures.csv"), 2);
        var front = Rows(again.File("ratings/pareto.csv"), 2);
        var expected = NonDominatedSorting.FirstFront(rated.Select(r => (IReadOnlyList<double>)r.Objectives).ToList())
            .Select(i => rated[i].Architecture).Order(StringComparer.Ordinal);
        Assert.Equal(expected, front.Select(r => r.Architecture).Order(StringComparer.Ordinal));
        Assert.True(front.Count < rated.Count, $"front {front.Count} of {rated.Count}");

        // The found architecture is on the front; architecture.json carries every metric; the report shows the front.
        using var json = JsonDocument.Parse(File.ReadAllText(again.File("architecture.json")));
        var found = json.RootElement.GetProperty("architecture").GetString()!;
        Assert.Contains(found, front.Select(r => r.Architecture));
        Assert.Equal(json.RootElement.GetProperty("madds").GetDouble(), json.RootElement.GetProperty("costs").GetProperty("madds").GetDouble());
        var report = File.ReadAllText(again.File("report.md"));
        Assert.Contains($"## Pareto front: {front.Count} of {rated.Count} rated architectures", report);
        Assert.Contains($"| `{ReportWriter.Escape(found)}` ◀ |", report);
        Assert.Contains("![score against madds](pareto_madds.png)", report);
        Assert.True(File.Exists(again.File("pareto_params.png")));
        Assert.Contains("## Search: 4 generations", report);
    }

    [Fact]
    public void The_configured_cost_metrics_are_the_columns_of_every_rating_file_and_record()
    {
        using var temp = new TempFolder();
        var path = temp.File("nsga2.toml");
        File.WriteAllText(path, Config("cost_metrics = [\"params\"]"));
        var (outcome, run) = Run(path, temp.File("out"));
        Assert.Equal(PhaseRunner.Outcome.Finished, outcome);
        Assert.Equal("architecture,score,params", File.ReadLines(run.File("ratings/architectures.csv")).First());
        Assert.Equal("architecture,score,params", File.ReadLines(run.File("ratings/pareto.csv")).First());
        var records = MetricsWriter.Read(run.File("metrics.jsonl"), "rating");
        Assert.NotEmpty(records);
        Assert.All(records, r =>
        {
            Assert.True(r.TryGetProperty("params", out _));
            Assert.False(r.TryGetProperty("madds", out _));
        });
        Assert.Contains("cost_metrics = [\"params\"]", File.ReadAllText(run.File("config.resolved.toml")));
        // One objective beside the score: the front is the staircase of score against parameters.
        var front = Rows(run.File("ratings/pareto.csv"), 1);
        Assert.All(front.Zip(front.Skip(1)), p => Assert.True(p.First.Objectives[1] <= p.Second.Objectives[1] && p.First.Objectives[0] > p.Second.Objectives[0]));
        Assert.Contains("![score against params](pareto_params.png)", File.ReadAllText(run.File("report.md")));
    }

    [Fact]
    public void Under_a_latency_cap_every_rated_architecture_and_the_found_one_are_predicted_within_it()
    {
        using var temp = new TempFolder();
        const string timing = "runs = 3\nwarmup = 1\ncache = false\ncalibration = 0\nrounds = 1";
        // The run's metric, built with the same options, shares this process's in-memory table: the cap is set from it.
        var metric = new BossNas.Engine.Latency.PredictedLatencyMetric(new BossNas.Engine.Latency.PredictedLatencyOptions
            { Runs = 3, Warmup = 1, Cache = false, Calibration = 0, Rounds = 1 });
        var space = SpaceTestKit.Space("nats", ("CandidateWidths", new[] { 8, 16 }));
        var input = new InputShape(1, 16, 16, 4);
        double cap = (metric.Compute(space, space.Smallest(input), input) + metric.Compute(space, space.Largest(input), input)) / 2;
        var path = temp.File("nsga2.toml");
        File.WriteAllText(path, Config("cost_metrics = [\"madds\", \"latency_predicted_ms\"]",
            $"max_latency_ms = {cap.ToString("R", CultureInfo.InvariantCulture)}", $"[cost_metric.latency_predicted_ms]\n{timing}"));

        var (outcome, run) = Run(path, temp.File("out"));

        Assert.Equal(PhaseRunner.Outcome.Finished, outcome);
        Assert.Equal("architecture,score,madds,latency_predicted_ms", File.ReadLines(run.File("ratings/architectures.csv")).First());
        var rated = Rows(run.File("ratings/architectures.csv"), 2);
        Assert.NotEmpty(rated);
        Assert.All(rated, r => Assert.True(r.Objectives[2] <= cap, $"{r.Architecture} rated at {r.Objectives[2]} ms over the {cap} ms cap"));
        using var json = JsonDocument.Parse(File.ReadAllText(run.File("architecture.json")));
        Assert.True(json.RootElement.GetProperty("costs").GetProperty("latency_predicted_ms").GetDouble() <= cap);
        Assert.True(File.Exists(run.File("pareto_latency_predicted_ms.png")));
    }
}
