using System.Text.Json;
using BossNas.Engine;
using BossNas.Engine.Config;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Runs;
using BossNas.Tests.Support;

namespace BossNas.Tests.WholeNetwork;

/// <summary>
/// A whole-network strategy through the host: single-path supervised supernet training, whole-architecture rating and
/// an evolutionary searcher with state, then inherited-weight testing; interrupted in the middle of the search and
/// resumed, it ends exactly as the uninterrupted run. And the combination check that refuses a block-wise searcher.
/// </summary>
[Collection("Torch")]
public sealed class WholeNetworkPipelineTests
{
    private const string Config = """
        [run]
        name = "whole"
        seed = 3
        device = "cpu"
        checkpoint_every = 2

        [data]
        dataset = "synthetic"
        synthetic_count = 160
        synthetic_size = 16
        synthetic_classes = 4
        batch_size = 32
        rating_images = 64
        prefetch = 0

        [pipeline]
        phases = ["supernet", "search", "inherit", "report"]

        [train]
        epochs = 1
        max_batches_per_epoch = 3
        optimizer = "sgd"
        lr = 0.05

        [search_space]
        plugin = "nats"
        candidate_widths = [8, 16]

        [supervision]
        plugin = "example_single_path"

        [searcher]
        plugin = "example_evolution"
        population = 6
        generations = 4

        [evaluator]
        plugin = "example_accuracy"

        [report]
        plots = false
        """;

    private static (PhaseRunner.Outcome Outcome, RunFolder Folder) Run(string config, string output, CancellationToken cancel = default,
        Action<int>? ratingObserver = null) =>
        RunLauncher.Launch(config, new[] { $"run.output=\"{output}\"" }, TestPlugins.Host,
            new RunLauncher.Options(false, false, false) { RatingObserver = ratingObserver }, cancel);

    private static string Write(TempFolder temp, string text)
    {
        var path = temp.File("whole.toml");
        File.WriteAllText(path, text);
        return path;
    }

    private static string Architecture(RunFolder f) =>
        JsonDocument.Parse(File.ReadAllText(f.File("architecture.json"))).RootElement.GetProperty("architecture").GetString()!;

    // Every field but the wall-clock time, once per distinct record.
    private static List<string> Records(RunFolder f, string kind) =>
        MetricsWriter.Read(f.File("metrics.jsonl"), kind)
            .Select(r => string.Join(",", r.EnumerateObject().Where(p => p.Name != "time").Select(p => $"{p.Name}={p.Value.GetRawText()}")))
            .Distinct().ToList();

    [Fact]
    public void A_search_interrupted_mid_way_and_resumed_ends_as_the_uninterrupted_run()
    {
        using var temp = new TempFolder();
        var config = Write(temp, Config);
        var (outcome, straight) = Run(config, temp.File("straight"));
        Assert.Equal(PhaseRunner.Outcome.Finished, outcome);

        using var cancel = new CancellationTokenSource();
        // Request 3 rates generation 3 of 0..4; the checkpoint after it then ends the run.
        var (first, resumed) = Run(config, temp.File("resumed"), cancel.Token, requests => { if (requests == 3) cancel.Cancel(); });
        Assert.Equal(PhaseRunner.Outcome.Interrupted, first);
        Assert.False(resumed.IsDone);
        var state = JsonDocument.Parse(File.ReadAllText(resumed.File("state.json"))).RootElement;
        Assert.Equal("search", state.GetProperty("phase").GetString());
        Assert.Contains("\"Generation\":3", state.GetProperty("searcher_state").GetString());

        var (second, again) = Run(resumed.Path, temp.File("resumed"));
        Assert.Equal(PhaseRunner.Outcome.Finished, second);
        Assert.Equal(resumed.Path, again.Path);

        Assert.Equal(Architecture(straight), Architecture(again));
        Assert.Equal(File.ReadAllText(straight.File("ratings/architectures.csv")), File.ReadAllText(again.File("ratings/architectures.csv")));
        Assert.Equal(Records(straight, "generation"), Records(again, "generation"));
        Assert.Equal(5, Records(straight, "generation").Count);
        Assert.Equal(Records(straight, "test"), Records(again, "test"));
        var report = File.ReadAllText(again.File("report.md"));
        Assert.Contains("found, inherited weights", report);
        Assert.Contains("Rated architectures", report);
    }

    [Fact]
    public void The_shipped_accuracy_evaluator_rates_the_template_strategys_supernet()
    {
        // accuracy asks for a capability (IPathLogits), not for the spos class, so another plugin's strategy works with it.
        using var temp = new TempFolder();
        var config = Write(temp, Config.Replace("plugin = \"example_accuracy\"", "plugin = \"accuracy\"")
            .Replace("phases = [\"supernet\", \"search\", \"inherit\", \"report\"]", "phases = [\"supernet\", \"search\", \"report\"]"));
        var (outcome, folder) = Run(config, temp.File("out"));
        Assert.Equal(PhaseRunner.Outcome.Finished, outcome);
        var rated = File.ReadLines(folder.File("ratings/architectures.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.NotEmpty(rated);
        Assert.All(rated, r => Assert.InRange(double.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture), 0, 1));
        Assert.Contains(rated, r => r[0] == Architecture(folder));
    }

    [Fact]
    public void A_block_wise_searcher_with_a_whole_network_strategy_is_refused_at_the_searcher_line()
    {
        using var temp = new TempFolder();
        var path = Write(temp, Config.Replace("plugin = \"example_evolution\"\npopulation = 6\ngenerations = 4", "plugin = \"greedy_blockwise\""));
        var config = RunConfig.Load(path, Array.Empty<string>(), TestPlugins.Host);
        var e = Assert.Throws<ConfigException>(() => ComponentSet.Create(config, TestPlugins.Host));
        var error = Assert.Single(e.Errors);
        Assert.Equal(path, error.Source);
        var searcherLine = File.ReadAllLines(path).ToList().FindIndex(l => l.Contains("greedy_blockwise")) + 1;
        Assert.Equal(searcherLine, error.Line);
        Assert.Contains("greedy_blockwise needs a block-wise strategy; example_single_path trains the whole network", error.Message);
        Assert.Contains("example_accuracy", error.Message);
    }

    [Fact]
    public void A_searcher_that_fixes_no_block_is_refused_for_a_strategy_that_trains_on_fixed_blocks()
    {
        using var temp = new TempFolder();
        var path = Write(temp, Config.Replace("plugin = \"example_single_path\"", "plugin = \"ensemble_bootstrapping\"")
            .Replace("plugin = \"example_accuracy\"", "plugin = \"population_center\""));
        var config = RunConfig.Load(path, Array.Empty<string>(), TestPlugins.Host);
        var error = Assert.Single(Assert.Throws<ConfigException>(() => ComponentSet.Create(config, TestPlugins.Host)).Errors);
        Assert.Equal(File.ReadAllLines(path).ToList().FindIndex(l => l.Contains("example_evolution")) + 1, error.Line);
        Assert.Contains("fixes no block at stage ends", error.Message);
        Assert.Contains("ensemble_bootstrapping", error.Message);
    }
}
