using System.Globalization;
using System.Text.Json;
using BossNas.Core.Pareto;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Runs;
using BossNas.Tests.Support;

namespace BossNas.Plugins.Searchers.Tests;

/// <summary>
/// The <c>front</c> phase in a real run (<c>nsga2</c> over NATS widths 8/16 with a zero-cost evaluator, tiny synthetic
/// data): it trains the ends and knee of the front of score against the front metric, each beside a control of about
/// its cost; the found architecture is not trained twice; an interrupted front phase resumes to the uninterrupted result.
/// </summary>
[Collection("Torch")]
public sealed class FrontPhaseTests
{
    private const string Config = """
        [run]
        name = "front-run"
        seed = 3
        device = "cpu"
        checkpoint_every = 0

        [data]
        dataset = "synthetic"
        synthetic_count = 96
        synthetic_size = 16
        synthetic_classes = 4
        batch_size = 16
        rating_images = 32
        prefetch = 0

        [pipeline]
        phases = ["search", "retrain", "front", "report"]
        cost_metrics = ["madds", "params"]

        [search_space]
        plugin = "nats"
        candidate_widths = [8, 16]

        [evaluator]
        plugin = "synflow"

        [searcher]
        plugin = "nsga2"
        population = 8
        generations = 3

        [retrain]
        epochs = 1
        lr = 0.05
        control_tolerance = 0.1

        [report]
        plots = true
        tensorboard = false
        """;

    private static (PhaseRunner.Outcome, RunFolder) Run(string config, string output, CancellationToken cancel = default,
        Action<string, BossNas.Engine.Training.StepMetrics>? steps = null) =>
        RunLauncher.Launch(config, new[] { $"run.output=\"{output}\"" }, TestPlugins.Host,
            new RunLauncher.Options(false, false, false) { StepObserver = steps }, cancel);

    private static JsonElement State(RunFolder f) => JsonDocument.Parse(File.ReadAllText(f.File("state.json"))).RootElement;

    [Fact]
    public void The_front_s_ends_and_knee_train_beside_controls_of_their_cost_and_an_interrupted_phase_resumes_to_the_same_accuracies()
    {
        using var temp = new TempFolder();
        var path = temp.File("front.toml");
        File.WriteAllText(path, Config);
        var (outcome, straight) = Run(path, temp.File("straight"));
        Assert.Equal(PhaseRunner.Outcome.Finished, outcome);

        // The front of score against params (the last metric), computed here from everything the search rated.
        var inv = CultureInfo.InvariantCulture;
        var rated = File.ReadLines(straight.File("ratings/architectures.csv")).Skip(1).Select(l => l.Split(','))
            .Select(p => (Arch: p[0], Score: double.Parse(p[1], inv), Params: double.Parse(p[3], inv))).ToList();
        var front = NonDominatedSorting.FirstFront(rated.Select(r => (IReadOnlyList<double>)[-r.Score, r.Params]).ToList()).Select(i => rated[i]).ToList();
        var state = State(straight);
        Assert.Equal("params", state.GetProperty("front_metric").GetString());
        var points = state.GetProperty("front_points").EnumerateArray().ToDictionary(p => p.GetProperty("point").GetString()!);
        Assert.Equal(front.MinBy(r => (r.Params, -r.Score)).Arch, points["cheapest"].GetProperty("architecture").GetString());
        Assert.Equal(front.MaxBy(r => (r.Score, -r.Params)).Arch, points["best"].GetProperty("architecture").GetString());
        if (front.Count >= 3) Assert.Contains(points["knee"].GetProperty("architecture").GetString(), front.Select(r => r.Arch));

        // The best end is the found architecture (nsga2 returns the front's most accurate one): its retrain accuracy, no second network.
        string found = JsonDocument.Parse(File.ReadAllText(straight.File("architecture.json"))).RootElement.GetProperty("architecture").GetString()!;
        Assert.Equal(found, points["best"].GetProperty("architecture").GetString());
        Assert.Equal(state.GetProperty("results").GetProperty("retrain").GetDouble(), points["best"].GetProperty("accuracy").GetDouble());
        Assert.False(File.Exists(straight.File("networks/front_best.bin")));
        Assert.True(File.Exists(straight.File("networks/front_cheapest.bin")));

        // Each point has one control of another architecture, its params within the tolerance or the nearest of the draws.
        foreach (var p in points.Values)
        {
            string control = Assert.Single(p.GetProperty("controls").EnumerateArray()).GetString()!;
            Assert.NotEqual(p.GetProperty("architecture").GetString(), control);
            Assert.InRange(Assert.Single(p.GetProperty("control_accuracies").EnumerateArray()).GetDouble(), 0, 1);
            Assert.True(File.Exists(straight.File($"networks/{FrontPhase.TaskName(p.GetProperty("point").GetString()!, 0)}.bin")));
        }
        var report = File.ReadAllText(straight.File("report.md"));
        Assert.Contains("## Pareto front, trained: score against params", report);
        Assert.Contains("| best (the found one) |", report);
        Assert.Contains("![test accuracy against params](front_trained.png)", report);

        // Stopped at the second step of the cheapest point's control, then resumed: the same accuracies.
        using var cancel = new CancellationTokenSource();
        int seen = 0;
        var (first, resumed) = Run(path, temp.File("resumed"), cancel.Token,
            (phase, _) => { if (phase == FrontPhase.TaskName("cheapest", 0) && ++seen == 2) cancel.Cancel(); });
        Assert.Equal(PhaseRunner.Outcome.Interrupted, first);
        Assert.Equal("front", State(resumed).GetProperty("phase").GetString());
        var (second, again) = Run(resumed.Path, temp.File("resumed"));
        Assert.Equal(PhaseRunner.Outcome.Finished, second);
        Assert.Equal(state.GetProperty("front_points").GetRawText(), State(again).GetProperty("front_points").GetRawText());
    }
}
