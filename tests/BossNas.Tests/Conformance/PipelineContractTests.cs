using System.Text.Json;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Engine.Pipeline;
using BossNas.Tests.Support;

namespace BossNas.Tests.Conformance;

/// <summary>
/// Every registered strategy runs a smoke pipeline (supernet → search → report, synthetic data; teacher first for a
/// distilling strategy) on every space it
/// accepts, and every evaluator and searcher runs in at least one combination that accepts it; each run must finish
/// with a valid architecture and, for rating evaluators, ratings in the run folder.
/// </summary>
[Collection("Torch")]
public sealed class PipelineContractTests
{
    private const string Config = """
        [run]
        name = "conformance"
        seed = 5
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
        phases = ["supernet", "search", "report"]

        [train]
        epochs = 1
        max_batches_per_epoch = 2
        optimizer = "sgd"
        lr = 0.05

        [report]
        plots = false
        """;

    [Theory]
    [MemberData(nameof(Registry.Combinations), MemberType = typeof(Registry))]
    public void The_combination_runs_end_to_end(string space, string strategy, string evaluator, string searcher)
    {
        using var temp = new TempFolder();
        var path = temp.File("c.toml");
        // A distilling strategy gets the teacher phase before supernet training, with a tiny budget.
        bool teacher = Registry.Create<ISupervisionStrategy>(ComponentKind.Supervision, strategy) is ITeacherStudent;
        var config = teacher
            ? Config.Replace("phases = [\"supernet\"", "phases = [\"teacher\", \"supernet\"", StringComparison.Ordinal) + """


                [teacher]
                epochs = 1
                max_batches_per_epoch = 2
                optimizer = "sgd"
                lr = 0.05
                """
            : Config;
        File.WriteAllText(path, config + $"""


            [search_space]
            plugin = "{space}"

            [supervision]
            plugin = "{strategy}"

            [searcher]
            plugin = "{searcher}"

            [evaluator]
            plugin = "{evaluator}"
            """);
        var options = new RunLauncher.Options(false, false, false)
        {
            Configure = c =>
            {
                foreach (var kind in ComponentKinds.Selected) (c[kind].Options as ISmokeProfile)?.UseSmokeProfile();
            },
        };
        var (outcome, folder) = RunLauncher.Launch(path, new[] { $"run.output=\"{temp.File("runs")}\"" }, TestPlugins.Host, options,
            CancellationToken.None);
        Assert.Equal(SearchPipeline.Outcome.Finished, outcome);
        var found = Architecture.Parse(JsonDocument.Parse(File.ReadAllText(folder.File("architecture.json")))
            .RootElement.GetProperty("architecture").GetString()!);
        var built = Registry.Create<ISearchSpace>(ComponentKind.SearchSpace, space)!;
        Assert.Null(built.Validate(found));
        Assert.Contains($"`{found}`", File.ReadAllText(folder.File("report.md")));
    }

    [Fact]
    public void Every_registered_strategy_evaluator_and_searcher_is_covered()
    {
        var combos = Registry.Combinations().Select(row => row.Select(o => (string)o).ToArray()).ToList();
        foreach (var s in Registry.Names(ComponentKind.Supervision)) Assert.Contains(combos, c => c[1] == s);
        foreach (var s in Registry.Names(ComponentKind.Searcher)) Assert.Contains(combos, c => c[3] == s);
        // nats_oracle needs its accuracy file, so it has no smoke profile; it has its own tests.
        foreach (var e in Registry.Names(ComponentKind.Evaluator).Where(e => e != "nats_oracle")) Assert.Contains(combos, c => c[2] == e);
    }
}
