using System.Text.Json;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Runs;

namespace BossNas.Plugins.ZeroCost.Tests;

/// <summary>A search rated by a zero-cost proxy: no supernet phase, no [supervision], and an exact resume mid-search.</summary>
[Collection("Torch")]
public sealed class ZeroCostRunTests
{
    private const string Config = """
        [run]
        name = "zerocost"
        seed = 4
        device = "cpu"

        [data]
        dataset = "synthetic"
        synthetic_count = 96
        synthetic_size = 16
        synthetic_classes = 4
        batch_size = 16
        rating_images = 16
        prefetch = 0

        [pipeline]
        phases = ["search", "report"]

        [search_space]
        plugin = "nats"
        candidate_widths = [8, 16]

        [searcher]
        plugin = "evolution"
        population = 4
        top_k = 2
        generations = 4
        mutations = 2
        crossovers = 1

        [evaluator]
        plugin = "snip"
        images = 16

        [report]
        plots = true
        """;

    private static (PhaseRunner.Outcome, RunFolder) Run(string config, string output, CancellationToken cancel = default, Action<int>? observer = null) =>
        RunLauncher.Launch(config, [$"run.output=\"{output}\""], TestPlugins.Host,
            new RunLauncher.Options(false, false, false) { RatingObserver = observer }, cancel);

    private static string Found(RunFolder f) =>
        JsonDocument.Parse(File.ReadAllText(f.File("architecture.json"))).RootElement.GetProperty("architecture").GetString()!;

    [Fact]
    public void A_proxy_search_runs_without_supervision_and_resumes_mid_search_to_the_uninterrupted_result()
    {
        using var temp = new TempFolder();
        var path = temp.File("zc.toml");
        File.WriteAllText(path, Config);
        Assert.DoesNotContain("[supervision]", Config);

        var (outcome, straight) = Run(path, temp.File("straight"));
        Assert.Equal(PhaseRunner.Outcome.Finished, outcome);
        // Nothing trained: no empty loss plots, and the report links none.
        Assert.False(File.Exists(straight.File("loss_supernet.png")));
        Assert.False(File.Exists(straight.File("loss_retrain.png")));
        Assert.DoesNotContain("loss_", File.ReadAllText(straight.File("report.md")));

        using var cancel = new CancellationTokenSource();
        // Rating request 1 rates generation 1 of 0..3; the checkpoint after it ends the run.
        var (first, interrupted) = Run(path, temp.File("resumed"), cancel.Token, requests => { if (requests == 1) cancel.Cancel(); });
        Assert.Equal(PhaseRunner.Outcome.Interrupted, first);
        var state = JsonDocument.Parse(File.ReadAllText(interrupted.File("state.json"))).RootElement;
        Assert.Equal("search", state.GetProperty("phase").GetString());

        var (second, resumed) = Run(interrupted.Path, temp.File("resumed"));
        Assert.Equal(PhaseRunner.Outcome.Finished, second);
        Assert.Equal(Found(straight), Found(resumed));
        Assert.Equal(File.ReadAllText(straight.File("ratings/architectures.csv")), File.ReadAllText(resumed.File("ratings/architectures.csv")));
    }
}
