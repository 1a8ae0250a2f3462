using BossNas.Core.Architectures;
using BossNas.Core.Evaluation;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using static TorchSharp.torch;

namespace BossNas.Plugins.EnsembleBootstrapping.Tests;

/// <summary>
/// How population_center scores whole architectures (the public code's way by default: stage-end block ratings behind
/// the searched prefix, summed; <c>architecture_prefix = "own"</c>: each block behind the architecture's own earlier
/// blocks), and that frozen blocks' targets stay as they were at their stage end, so a later re-rating equals the
/// stage-end rating.
/// </summary>
[Collection("Torch")]
public sealed class ArchitectureScoringTests
{
    private static readonly InputShape Input = new(3, 8, 8, 10);

    private static (ISupervisionStrategy Strategy, TinySpace Space, RunContext Run) Built(params (string, object)[] settings)
    {
        manual_seed(7);
        var strategy = BootstrappingKit.CreateStrategy([("Sampling", "Uniform"), ("PathsPerStep", 2), .. settings]);
        var space = new TinySpace();
        var run = RunContext.ForTests(seed: 5);
        strategy.PlanStages(space);
        strategy.Build(space, Input, run);
        return (strategy, space, run);
    }

    /// <summary>A few SGD steps of stage <paramref name="block"/>, each followed by the EMA update.</summary>
    private static void Train(ISupervisionStrategy strategy, RunContext run, int block, Architecture prefix, int steps)
    {
        var trainable = strategy.StartStage(new StageSpec(block, $"block{block}", block), prefix);
        using var sgd = optim.SGD(trainable.Select(p => p.Parameter), 0.1);
        for (int k = 0; k < steps; k++)
        {
            sgd.zero_grad();
            using (var scope = NewDisposeScope())
            using (var batch = BootstrappingKit.Batch(6, 2))
                strategy.TrainStep(batch, new StepInfo(k, steps, 0, k), 1, run);
            sgd.step();
            strategy.AfterOptimizerStep(new StepInfo(k, steps, 0, k));
        }
    }

    private static EvaluationContext Context(ISupervisionStrategy strategy, TinySpace space, IRatingData data) =>
        new(space, Input, strategy, data, RunContext.ForTests(seed: 11));

    private static readonly Architecture[] Architectures =
        new[] { "00|00", "01|10", "10|11", "11|01", "10|00" }.Select(Architecture.Parse).ToArray();

    [Fact]
    public void Searched_scores_are_the_stage_end_ratings_summed_and_own_scores_rate_each_block_behind_its_own_prefix()
    {
        var (strategy, space, run) = Built();
        Train(strategy, run, 0, Architecture.Empty, 2);
        manual_seed(99);
        var data = new TinyRatingData(viewBatches: 2, calibrationBatches: 1, batchSize: 6);
        var searched = Architecture.Parse("01");
        Train(strategy, run, 1, searched, 2);
        var context = Context(strategy, space, data);

        // Stage-end ratings given to the context are used as they are: made-up numbers come back summed, nothing re-rated.
        var stage = Enumerable.Range(0, 2).SelectMany(b =>
            space.CandidatePaths(b, searched.Prefix(b)).Select((p, i) => Rating.ForBlock(b, searched.Prefix(b), p, 10 * b + i + 0.25))).ToList();
        var evaluator = BootstrappingKit.CreateEvaluator();
        var given = evaluator.RateArchitectures(Architectures, context with { SearchedPrefix = searched, StageRatings = stage });
        for (int a = 0; a < Architectures.Length; a++)
        {
            double expected = 0;
            for (int b = 0; b < 2; b++) expected += stage.Single(r => r.Block == b && Architectures[a].Blocks[b].Equals(r.Path)).Score;
            Assert.Equal(expected, given[a].Score);
        }

        // Without them, each block's whole candidate set is rated behind the searched prefix.
        var rated = evaluator.RateArchitectures(Architectures, context with { SearchedPrefix = searched });
        var block0 = evaluator.RateBlock(0, Architecture.Empty, space.CandidatePaths(0, Architecture.Empty), context);
        var block1 = evaluator.RateBlock(1, searched.Prefix(1), space.CandidatePaths(1, searched.Prefix(1)), context);
        for (int a = 0; a < Architectures.Length; a++)
            Assert.Equal(block0.Single(r => Architectures[a].Blocks[0].Equals(r.Path)).Score +
                         block1.Single(r => Architectures[a].Blocks[1].Equals(r.Path)).Score, rated[a].Score);

        // "own": block 1 behind each architecture's own block 0, which gives other numbers than behind the searched one.
        var own = BootstrappingKit.CreateEvaluator(("ArchitecturePrefix", "own"))
            .RateArchitectures(Architectures, context with { SearchedPrefix = searched, StageRatings = stage });
        for (int a = 0; a < Architectures.Length; a++)
        {
            var prefix = Architectures[a].Prefix(1);
            var behindOwn = evaluator.RateBlock(1, prefix, space.CandidatePaths(1, prefix), context);
            Assert.Equal(block0.Single(r => Architectures[a].Blocks[0].Equals(r.Path)).Score +
                         behindOwn.Single(r => Architectures[a].Blocks[1].Equals(r.Path)).Score, own[a].Score);
        }
        Assert.NotEqual(rated[2].Score, own[2].Score); // "10|11": block 0 differs from the searched "01"
    }

    [Fact]
    public void Standardised_block_scores_weigh_every_block_alike()
    {
        var (strategy, space, _) = Built();
        var data = new TinyRatingData(viewBatches: 1, calibrationBatches: 1, batchSize: 6);
        var searched = Architecture.Parse("00");
        // Block 0's made-up scores spread 100x more than block 1's; standardised, both span the same range.
        var stage = space.CandidatePaths(0, Architecture.Empty).Select((p, i) => Rating.ForBlock(0, Architecture.Empty, p, 100.0 * i))
            .Concat(space.CandidatePaths(1, searched.Prefix(1)).Select((p, i) => Rating.ForBlock(1, searched.Prefix(1), p, 3 - 1.0 * i))).ToList();
        var context = Context(strategy, space, data) with { SearchedPrefix = searched, StageRatings = stage };
        var z = BootstrappingKit.CreateEvaluator(("BlockScores", "standardised")).RateArchitectures(Architectures, context);
        // Four paths per block with equally spaced scores standardise to ±1.342, ±0.447 (population sd).
        double Z(int i) => (i - 1.5) / Math.Sqrt(1.25);
        for (int a = 0; a < Architectures.Length; a++)
        {
            int i0 = stage.FindIndex(r => r.Block == 0 && Architectures[a].Blocks[0].Equals(r.Path));
            int i1 = stage.FindIndex(r => r.Block == 1 && Architectures[a].Blocks[1].Equals(r.Path)) - 4;
            Assert.Equal(Z(i0) - Z(i1), z[a].Score, 12);
        }
    }

    [Theory]
    [InlineData("fixed", true)]
    [InlineData("ema", false)]
    public void A_frozen_block_rated_after_later_stages_equals_its_stage_end_rating_unless_its_target_keeps_moving(string frozenTarget,
        bool equal)
    {
        var (strategy, space, run) = Built(("FrozenTarget", frozenTarget));
        Train(strategy, run, 0, Architecture.Empty, 2);
        manual_seed(99);
        var data = new TinyRatingData(viewBatches: 2, calibrationBatches: 1, batchSize: 6);
        var evaluator = BootstrappingKit.CreateEvaluator();
        var candidates = space.CandidatePaths(0, Architecture.Empty);
        var atStageEnd = evaluator.RateBlock(0, Architecture.Empty, candidates, Context(strategy, space, data)).Select(r => r.Score).ToList();

        Train(strategy, run, 1, Architecture.Parse("01"), 3);
        var afterTraining = evaluator.RateBlock(0, Architecture.Empty, candidates, Context(strategy, space, data)).Select(r => r.Score).ToList();
        if (equal) Assert.Equal(atStageEnd, afterTraining);
        else Assert.NotEqual(atStageEnd, afterTraining);
    }
}
