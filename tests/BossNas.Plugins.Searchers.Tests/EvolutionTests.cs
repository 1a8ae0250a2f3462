using System.Text.Json;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Context;
using BossNas.Core.Searching;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Runs;
using BossNas.Tests.Support;

namespace BossNas.Plugins.Searchers.Tests;

/// <summary>
/// The evolutionary searcher: its operators and every rated architecture respect the space and the cost cap (a
/// property over many seeds, on a grid space and on HyTra, whose paths depend on earlier blocks), nothing is rated
/// twice, the elitist top-k never gets worse, and a search interrupted in a generation and resumed ends as the
/// uninterrupted one.
/// </summary>
[Collection("Torch")]
public sealed class EvolutionTests
{
    [Theory]
    [InlineData("mbconv")]
    [InlineData("hytra")]
    public void Mutation_and_crossover_stay_in_the_space(string spaceName)
    {
        var space = spaceName == "mbconv" ? SinglePathKit.BnNasSpace() : SpaceTestKit.Space("hytra");
        int valid = 0, total = 0;
        for (ulong seed = 0; seed < 200; seed++)
        {
            var rng = new SeededRandom(seed);
            var a = space.SampleArchitecture(rng);
            var b = space.SampleArchitecture(rng);
            var mutant = EvolutionOperators.Mutate(space, a, 0.3, rng);
            var child = EvolutionOperators.Crossover(a, b, rng);
            foreach (var x in new[] { mutant, child })
            {
                Assert.Equal(a.Blocks.Select(p => p.Length), x.Blocks.Select(p => p.Length));
                for (int blk = 0; blk < x.Blocks.Count; blk++)
                    for (int l = 0; l < x.Blocks[blk].Length; l++)
                        Assert.InRange(x.Blocks[blk][l], 0, space.Blocks[blk].ChoiceNames[l].Count - 1);
                total++;
                if (space.Validate(x) is null) valid++;
            }
            for (int blk = 0; blk < child.Blocks.Count; blk++)
                for (int l = 0; l < child.Blocks[blk].Length; l++)
                    Assert.True(child.Blocks[blk][l] == a.Blocks[blk][l] || child.Blocks[blk][l] == b.Blocks[blk][l]);
        }
        if (spaceName == "mbconv") Assert.Equal(total, valid);
        else Assert.True(valid > 0);
    }

    [Theory]
    [InlineData("mbconv", 0.35)]
    [InlineData("hytra", 0.5)]
    public void Every_rated_architecture_is_valid_new_and_within_the_cap_over_many_seeds(string spaceName, double capFraction)
    {
        var space = spaceName == "mbconv" ? SinglePathKit.BnNasSpace() : SpaceTestKit.Space("hytra");
        var input = spaceName == "mbconv" ? SinglePathKit.Input : new InputShape(3, 32, 32, 10);
        double min = space.Cost(space.Smallest(input), input).MAdds, max = space.Cost(space.Largest(input), input).MAdds;
        double cap = min + capFraction * (max - min);
        for (long seed = 0; seed < 12; seed++)
        {
            var evaluator = new HashEvaluator();
            var searcher = SpaceTestKit.Create<ISearcher>(ComponentKind.Searcher, "evolution", ("Population", 12), ("TopK", 4),
                ("Generations", 5), ("Mutations", 5), ("Crossovers", 5), ("MaxMAdds", cap));
            var context = new TestSearchContext(space, input, evaluator, run: RunContext.ForTests(seed));
            var found = searcher.Search(Architecture.Empty, context);
            Assert.Equal(5, context.Checkpoints);
            Assert.NotEmpty(evaluator.Rated);
            Assert.Equal(evaluator.Rated.Count, evaluator.Rated.Distinct().Count());
            Assert.All(evaluator.Rated, a =>
            {
                Assert.Null(space.Validate(a));
                Assert.True(space.Cost(a, input).MAdds <= cap, $"{a} is over the cap");
            });
            // The result is the best rating of the whole search (elitist top-k).
            var scores = evaluator.RateArchitectures(evaluator.Rated.ToList(), null!);
            Assert.Equal(scores.Max(r => r.Score), scores.First(r => r.Candidate.Architecture.Equals(found)).Score);
        }
    }

    [Fact]
    public void The_defaults_are_those_of_the_public_code()
    {
        var o = new EvolutionOptions();
        Assert.Equal((50, 10, 20, 25, 25, 0.1), (o.Population, o.TopK, o.Generations, o.Mutations, o.Crossovers, o.MutationProbability));
    }

    private const string Config = """
        [run]
        name = "ea-resume"
        seed = 4
        device = "cpu"
        checkpoint_every = 0

        [data]
        dataset = "synthetic"
        synthetic_count = 128
        synthetic_size = 16
        synthetic_classes = 4
        batch_size = 32
        rating_images = 64
        calibration_batches = 1
        prefetch = 0

        [pipeline]
        phases = ["supernet", "search", "report"]

        [train]
        epochs = 1
        max_batches_per_epoch = 3
        optimizer = "sgd"
        lr = 0.1

        [search_space]
        plugin = "mbconv"
        ops = "bnnas"
        skip = true
        se_ratio = 0.0
        block_channels = [8, 8, 16, 16, 16]
        block_layers = [1, 2, 1, 2, 1]
        stem_channels = 8
        first_channels = 8
        last_channels = 0
        head_channels = 0

        [supervision]
        plugin = "spos"

        [searcher]
        plugin = "evolution"
        population = 6
        top_k = 3
        generations = 5
        mutations = 2
        crossovers = 2
        mutation_probability = 0.3

        [evaluator]
        plugin = "accuracy"

        [report]
        plots = false
        """;

    private static List<string> Generations(RunFolder f) =>
        MetricsWriter.Read(f.File("metrics.jsonl"), "generation")
            .Select(r => string.Join(",", r.EnumerateObject().Where(p => p.Name != "time").Select(p => $"{p.Name}={p.Value.GetRawText()}")))
            .Distinct().ToList();

    private static string Found(RunFolder f) =>
        JsonDocument.Parse(File.ReadAllText(f.File("architecture.json"))).RootElement.GetProperty("architecture").GetString()!;

    [Fact]
    public void A_search_interrupted_in_generation_k_and_resumed_ends_as_the_uninterrupted_one()
    {
        using var temp = new TempFolder();
        var path = temp.File("ea.toml");
        File.WriteAllText(path, Config);
        (PhaseRunner.Outcome, RunFolder) Run(string config, string output, CancellationToken cancel = default, Action<int>? observer = null) =>
            RunLauncher.Launch(config, new[] { $"run.output=\"{output}\"" }, TestPlugins.Host,
                new RunLauncher.Options(false, false, false) { RatingObserver = observer }, cancel);

        var (outcome, straight) = Run(path, temp.File("straight"));
        Assert.Equal(PhaseRunner.Outcome.Finished, outcome);

        using var cancel = new CancellationTokenSource();
        // Rating request 2 (counted from 0) rates generation 2 of 0..4; the checkpoint after it ends the run.
        var (first, resumed) = Run(path, temp.File("resumed"), cancel.Token, requests => { if (requests == 2) cancel.Cancel(); });
        Assert.Equal(PhaseRunner.Outcome.Interrupted, first);
        var state = JsonDocument.Parse(File.ReadAllText(resumed.File("state.json"))).RootElement;
        Assert.Equal("search", state.GetProperty("phase").GetString());
        Assert.Contains("\"Generation\":3", state.GetProperty("searcher_state").GetString());
        Assert.Equal(3, Generations(resumed).Count);

        var (second, again) = Run(resumed.Path, temp.File("resumed"));
        Assert.Equal(PhaseRunner.Outcome.Finished, second);
        Assert.Equal(Found(straight), Found(again));
        Assert.Equal(File.ReadAllText(straight.File("ratings/architectures.csv")), File.ReadAllText(again.File("ratings/architectures.csv")));
        Assert.Equal(5, Generations(straight).Count);
        Assert.Equal(Generations(straight), Generations(again));
        Assert.Contains("## Search: 5 generations", File.ReadAllText(again.File("report.md")));
    }
}
