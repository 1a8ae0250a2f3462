using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Context;
using BossNas.Core.Searching;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Tests.Support;

namespace BossNas.Plugins.Searchers.Tests;

/// <summary>
/// The greedy block-wise searcher on HyTra: each stage end rates exactly the candidates the space allows after
/// the blocks fixed so far, fixes the best, and block b+1's candidates depend on block b's choice.
/// </summary>
public sealed class GreedyBlockwiseTests
{
    /// <summary>Scores a path by a fixed rule and records what it was asked to rate.</summary>
    private sealed class RecordingEvaluator(Func<BlockPath, double> score) : IEvaluator
    {
        public List<(int Block, Architecture Prefix, List<BlockPath> Candidates)> Calls { get; } = new();
        public bool LowerIsBetter => true;
        public RatingScope Scope => RatingScope.BlockPaths;
        public string? CheckCompatible(ISearchSpace space, ISupervisionStrategy? strategy) => null;

        public IReadOnlyList<Rating> RateBlock(int block, Architecture prefix, IReadOnlyList<BlockPath> candidates, EvaluationContext context)
        {
            Calls.Add((block, prefix, candidates.ToList()));
            return candidates.Select(c => Rating.ForBlock(block, prefix, c, score(c))).ToList();
        }
    }

    private static (ISearchSpace Space, ISearcher Searcher) Create(double maxMAdds = 0)
    {
        var host = TestPlugins.Host;
        var space = host.Create<ISearchSpace>(ComponentKind.SearchSpace, "hytra", ComponentOptions.Of(ComponentKind.SearchSpace, "hytra"));
        return (space, host.Create<ISearcher>(ComponentKind.Searcher, "greedy_blockwise", new GreedyBlockwiseOptions { MaxMadds = maxMAdds }));
    }

    private static Architecture Search(ISearchSpace space, ISearcher searcher, IEvaluator evaluator)
    {
        var context = new TestSearchContext(space, new InputShape(1, 28, 28, 10), evaluator);
        var prefix = Architecture.Empty;
        for (int b = 0; b < space.Blocks.Count; b++)
            prefix = searcher.OnStageEnd(new StageSpec(b, $"block{b}", b), prefix, context);
        return searcher.Search(prefix, context);
    }

    [Fact]
    public void Each_block_is_rated_on_the_candidates_its_prefix_allows_and_the_best_is_fixed()
    {
        var (space, searcher) = Create();
        // HyTra numbers ops from the coarsest level up, so a low op sum prefers coarse levels (lower score = better).
        var evaluator = new RecordingEvaluator(p => p.Ops.Sum());
        var found = Search(space, searcher, evaluator);

        Assert.Null(space.Validate(found));
        Assert.Equal(space.Blocks.Count, evaluator.Calls.Count);
        foreach (var (block, prefix, candidates) in evaluator.Calls)
        {
            Assert.Equal(space.CandidatePaths(block, prefix), candidates);
            var best = candidates.MinBy(c => c.Ops.Sum())!;
            Assert.Equal(candidates.Where(c => c.Ops.Sum() == best.Ops.Sum()).First(), found.Blocks[block]);
            Assert.Equal(found.Prefix(block), prefix);
        }
    }

    [Fact]
    public void Block_one_candidates_depend_on_where_block_zero_ended()
    {
        var (space, searcher) = Create();
        var preferCoarse = new RecordingEvaluator(p => p.Ops.Sum());      // ends block 0 at a coarser level
        var preferFine = new RecordingEvaluator(p => -p.Ops.Sum());       // ends block 0 at the finest reachable level
        var a = Search(space, searcher, preferCoarse);
        var b = Search(space, Create().Searcher, preferFine);

        Assert.NotEqual(a.Blocks[0].Last, b.Blocks[0].Last);
        var candidatesA = preferCoarse.Calls[1].Candidates;
        var candidatesB = preferFine.Calls[1].Candidates;
        Assert.NotEqual(candidatesA.Count, candidatesB.Count);
        Assert.Equal(space.CandidatePaths(1, a.Prefix(1)), candidatesA);
        Assert.Equal(space.CandidatePaths(1, b.Prefix(1)), candidatesB);
    }

    [Fact]
    public void A_cost_cap_skips_candidates_whose_cheapest_completion_exceeds_it()
    {
        var (space, _) = Create();
        var input = new InputShape(1, 28, 28, 10);
        var (_, uncapped) = Create();
        var expensiveFirst = new RecordingEvaluator(p => -p.Ops.Sum());
        var free = Search(space, uncapped, expensiveFirst);
        double freeMAdds = space.Cost(free, input).MAdds;

        var (_, capped) = Create(maxMAdds: freeMAdds * 0.8);
        var found = Search(space, capped, new RecordingEvaluator(p => -p.Ops.Sum()));
        Assert.True(space.Cost(found, input).MAdds <= freeMAdds * 0.8, "the capped search exceeded its MAdds cap");
    }
}
