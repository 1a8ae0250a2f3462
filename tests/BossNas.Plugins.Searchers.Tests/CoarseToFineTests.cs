using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Context;
using BossNas.Core.Evaluation;
using BossNas.Core.Searching;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Tests.Support;

namespace BossNas.Plugins.Searchers.Tests;

/// <summary>
/// BigNAS's coarse-to-fine search against a synthetic evaluator: the grid is the hand-expected one, exactly the grid
/// within the cap is rated first, then only mutants that are valid, new and within the cap, the best changes only on
/// an improvement, nothing is rated twice, and a search interrupted at a checkpoint resumes to the uninterrupted result.
/// </summary>
[Collection("Torch")]
public sealed class CoarseToFineTests
{
    private static readonly InputShape Input = new(1, 28, 28, 10);

    /// <summary>A search context that stops the search at its k-th checkpoint, keeping what the host would save there.</summary>
    private sealed class StoppingContext(ISearchSpace space, IEvaluator evaluator, RunContext run, ISearcher searcher, int stopAt) : SearchContext
    {
        private readonly TestSearchContext _inner = new(space, CoarseToFineTests.Input, evaluator, run: run);
        private int _checkpoints;

        public (string Searcher, Dictionary<string, ulong[]> Rng)? Saved { get; private set; }

        public override ISearchSpace Space => space;

        public override InputShape Input => CoarseToFineTests.Input;

        public override ISupervisionStrategy? Strategy => null;

        public override RunContext Run => run;

        public override bool LowerIsBetter => evaluator.LowerIsBetter;

        public override IReadOnlyList<Rating> RateBlock(int block, Architecture prefix, IReadOnlyList<BlockPath> candidates) =>
            throw new NotSupportedException();

        public override IReadOnlyList<Rating> RateArchitectures(IReadOnlyList<Architecture> candidates) => _inner.RateArchitectures(candidates);

        public override void Checkpoint()
        {
            if (++_checkpoints != stopAt) return;
            Saved = (searcher.SaveState()!, run.Rng.GetState());
            throw new OperationCanceledException("stopped at a checkpoint");
        }
    }

    private static ISearcher Searcher(double cap, int mutations = 30, int levels = 3, int checkpointEvery = 7) =>
        SpaceTestKit.Create<ISearcher>(ComponentKind.Searcher, "coarse_to_fine", ("Levels", levels), ("Mutations", mutations),
            ("MaxMAdds", cap), ("CheckpointEvery", checkpointEvery), ("MutationProbability", 0.3));

    private static double Cap(ISearchSpace space, double fraction)
    {
        double min = space.Cost(space.Smallest(Input), Input).MAdds, max = space.Cost(space.Largest(Input), Input).MAdds;
        return min + fraction * (max - min);
    }

    [Fact]
    public void The_grid_ties_each_layer_position_across_blocks_of_one_shape_at_evenly_spaced_choices()
    {
        // nats: blocks of 2, 2 and 1 layers, 8 widths each → groups (2 layers, 0), (2 layers, 1), (1 layer, 0);
        // three levels take choices round(0, 3.5, 7) = 0, 4, 7 of each: 27 architectures.
        var space = SpaceTestKit.Space("nats");
        var grid = CoarseGrid.Expand(space, 3);
        Assert.Equal(27, grid.Count);
        Assert.Equal(27.0, CoarseGrid.Size(space, 3));
        Assert.All(grid, a =>
        {
            Assert.Equal(a.Blocks[0][0], a.Blocks[1][0]);
            Assert.Equal(a.Blocks[0][1], a.Blocks[1][1]);
            Assert.All(new[] { a.Blocks[0][0], a.Blocks[0][1], a.Blocks[2][0] }, c => Assert.Contains(c, new[] { 0, 4, 7 }));
        });
        Assert.Equal(27, grid.Select(a => a.ToString()).Distinct().Count());
        Assert.Equal("00|00|0", grid[0].ToString());
        Assert.Equal("77|77|7", grid[^1].ToString());
        Assert.Equal(8.0, CoarseGrid.Size(space, 2));
    }

    [Fact]
    public void A_grid_over_max_grid_is_refused_with_its_size()
    {
        var space = SpaceTestKit.Space("nats");
        var searcher = SpaceTestKit.Create<ISearcher>(ComponentKind.Searcher, "coarse_to_fine", ("Levels", 8), ("MaxGrid", 100));
        Assert.Contains("512 points", searcher.CheckCompatible(space, null, new HashEvaluator()));
        Assert.Null(Searcher(0).CheckCompatible(space, null, new HashEvaluator()));
    }

    [Theory]
    [InlineData(0.3, 0)]
    [InlineData(0.6, 1)]
    [InlineData(1.0, 2)]
    public void It_rates_the_grid_within_the_cap_then_only_new_legal_mutants_keeping_a_mutant_only_when_better(double capFraction, long seed)
    {
        var space = SpaceTestKit.Space("nats");
        double cap = Cap(space, capFraction);
        var evaluator = new HashEvaluator();
        var context = new TestSearchContext(space, Input, evaluator, run: RunContext.ForTests(seed));
        var found = Searcher(cap).Search(Architecture.Empty, context);

        var grid = CoarseGrid.Expand(space, 3).Where(a => space.Cost(a, Input).MAdds <= cap).ToList();
        Assert.NotEmpty(grid);
        Assert.Equal(grid, evaluator.Rated.Take(grid.Count));
        var mutants = evaluator.Rated.Skip(grid.Count).ToList();
        Assert.Equal(30, mutants.Count);
        Assert.Equal(evaluator.Rated.Count, evaluator.Rated.Distinct().Count());
        Assert.All(evaluator.Rated, a =>
        {
            Assert.Null(space.Validate(a));
            Assert.True(space.Cost(a, Input).MAdds <= cap, $"{a} is over the cap");
        });
        // The best after the grid, then replaced exactly by the mutants that beat it.
        var best = grid.MaxBy(HashEvaluator.Score)!;
        foreach (var m in mutants)
            if (HashEvaluator.Score(m) > HashEvaluator.Score(best)) best = m;
        Assert.Equal(best, found);
        Assert.Equal(evaluator.Rated.Max(HashEvaluator.Score), HashEvaluator.Score(found));
    }


    [Theory]
    [InlineData(2)] // in the coarse grid (7 per chunk)
    [InlineData(6)] // in the fine stage
    public void A_search_stopped_at_a_checkpoint_and_resumed_ends_as_the_uninterrupted_one(int stopAt)
    {
        var space = SpaceTestKit.Space("nats");
        double cap = Cap(space, 0.7);
        var straightEvaluator = new HashEvaluator();
        var straight = Searcher(cap).Search(Architecture.Empty,
            new TestSearchContext(space, Input, straightEvaluator, run: RunContext.ForTests(5)));

        var evaluator = new HashEvaluator();
        var first = Searcher(cap);
        var stopping = new StoppingContext(space, evaluator, RunContext.ForTests(5), first, stopAt);
        Assert.Throws<OperationCanceledException>(() => first.Search(Architecture.Empty, stopping));
        var (state, rng) = stopping.Saved!.Value;

        var run = RunContext.ForTests(5);
        run.Rng.SetState(rng);
        var second = Searcher(cap);
        second.LoadState(state);
        var resumed = second.Search(Architecture.Empty, new TestSearchContext(space, Input, evaluator, run: run));

        Assert.Equal(straight, resumed);
        // Everything rated before the stop and after the resume is the uninterrupted sequence, nothing twice.
        Assert.Equal(straightEvaluator.Rated, evaluator.Rated);
    }
}
