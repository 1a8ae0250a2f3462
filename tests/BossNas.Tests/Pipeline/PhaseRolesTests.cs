using System.Globalization;
using System.Text.Json;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Engine.Config;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Runs;
using BossNas.Tests.Support;

namespace BossNas.Tests.Pipeline;

/// <summary>
/// Roles are required by the phases a config lists, not all four always: <c>bossnas train</c> needs a search space
/// alone, and a search whose evaluator rates without a trained supernet runs with no supernet phase and no strategy.
/// </summary>
[Collection("Torch")]
public sealed class PhaseRolesTests
{
    private const string Common = """
        [run]
        name = "roles"
        seed = 5
        device = "cpu"
        checkpoint_every = 2

        [data]
        dataset = "synthetic"
        synthetic_count = 128
        synthetic_size = 16
        synthetic_classes = 4
        batch_size = 32
        rating_images = 32
        prefetch = 0

        [search_space]
        plugin = "nats"
        candidate_widths = [8, 16]

        [retrain]
        controls = 1
        epochs = 1
        max_batches_per_epoch = 2
        optimizer = "sgd"
        lr = 0.05

        [report]
        plots = false
        """;

    private static string Write(TempFolder temp, string text)
    {
        var path = temp.File("roles.toml");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Train_needs_only_run_data_search_space_and_retrain()
    {
        using var temp = new TempFolder();
        var config = Write(temp, Common);
        var (accuracy, folder) = TrainLauncher.Launch(config, [$"run.output=\"{temp.File("out")}\""], "01|10|1", TestPlugins.Host, false,
            CancellationToken.None);
        Assert.NotNull(accuracy);
        Assert.InRange(accuracy!.Value, 0, 1);
        Assert.True(folder.IsDone);
        Assert.True(File.Exists(folder.File("model.json")));
    }

    [Fact]
    public void A_search_without_supernet_runs_without_supervision()
    {
        using var temp = new TempFolder();
        var config = Write(temp, Common + """

            [pipeline]
            phases = ["search", "retrain", "report"]

            [searcher]
            plugin = "evolution"
            population = 4
            top_k = 2
            generations = 2
            mutations = 2
            crossovers = 1

            [evaluator]
            plugin = "test_params"
            """);
        var (outcome, folder) = RunLauncher.Launch(config, [$"run.output=\"{temp.File("out")}\""], TestPlugins.Host,
            new RunLauncher.Options(false, false, false), CancellationToken.None);
        Assert.Equal(PhaseRunner.Outcome.Finished, outcome);
        Assert.True(folder.IsDone);
        // The evaluator scores an architecture by its parameter count: the found one is the best the search rated.
        // Every rating file but the Pareto front (a subset of the rated architectures).
        var rated = Directory.GetFiles(folder.File("ratings"), "*.csv").Where(f => Path.GetFileName(f) != "pareto.csv").SelectMany(f => File.ReadLines(f).Skip(1))
            .Select(l => l.Split(',')).ToDictionary(c => c[0], c => double.Parse(c[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        var found = JsonDocument.Parse(File.ReadAllText(folder.File("architecture.json"))).RootElement.GetProperty("architecture").GetString()!;
        Assert.Equal(rated.Values.Max(), rated[found]);
        Assert.Contains(PhaseNames.Retrain, File.ReadAllText(folder.File("report.md")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_evaluator_that_needs_a_supernet_without_one_is_a_located_config_error()
    {
        using var temp = new TempFolder();
        var config = Write(temp, Common + """

            [pipeline]
            phases = ["search", "report"]

            [searcher]
            plugin = "evolution"

            [evaluator]
            plugin = "accuracy"
            """);
        var e = Assert.Throws<ConfigException>(() => RunLauncher.Launch(config, [$"run.output=\"{temp.File("out")}\""], TestPlugins.Host,
            new RunLauncher.Options(false, false, false), CancellationToken.None));
        var error = Assert.Single(e.Errors);
        Assert.Contains("rates with a trained supernet", error.Message);
        Assert.True(error.Line > 0, "the error points at the evaluator's section");
    }

    [Fact]
    public void A_search_phase_without_a_searcher_names_the_missing_section_and_the_phase()
    {
        using var temp = new TempFolder();
        var config = Write(temp, Common + """

            [pipeline]
            phases = ["search", "report"]

            [evaluator]
            plugin = "test_params"
            """);
        var e = Assert.Throws<ConfigException>(() => RunConfig.Load(config, [], TestPlugins.Host));
        Assert.Contains(e.Errors, x => x.Message.Contains("missing section [searcher]") && x.Message.Contains("'search'"));
    }
}

/// <summary>A test evaluator that needs no trained supernet: an architecture's score is its parameter count.</summary>
[Component(ComponentKind.Evaluator, "test_params", Description = "test: parameter count (no supernet)")]
public sealed class ParamCountEvaluator : IEvaluator
{
    /// <inheritdoc />
    public bool LowerIsBetter => false;

    /// <inheritdoc />
    public RatingScope Scope => RatingScope.Architectures;

    /// <inheritdoc />
    public bool NeedsSupernet => false;

    /// <inheritdoc />
    public string? CheckCompatible(ISearchSpace space, ISupervisionStrategy? strategy) => null;

    /// <inheritdoc />
    public IReadOnlyList<Rating> RateArchitectures(IReadOnlyList<Architecture> candidates, EvaluationContext context) =>
        candidates.Select(a => Rating.ForArchitecture(a, context.Space.Cost(a, context.Input).Params)).ToList();
}
