using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Context;
using BossNas.Core.Searching;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Tests.Support;

namespace BossNas.Plugins.Dna.Tests;

/// <summary>
/// <c>dna_budgeted</c> against brute force on a small MBConv space (4^5 = 1,024 architectures): with block scores
/// drawn at random, under several MAdds and parameter caps, it returns exactly the best feasible architecture by summed
/// score, never one above the cap, and its top-k list is the brute-force top k; under a latency cap (a synthetic
/// predicted latency) it returns the best architecture within it.
/// </summary>
[Collection("Torch")]
public sealed class BudgetedSearchTests
{
    private static readonly InputShape Input = new(1, 16, 16, 4);

    /// <summary>Scores each block path with a fixed pseudo-random number of (seed, block, path).</summary>
    private sealed class RandomBlockScores(int seed) : IEvaluator
    {
        public bool LowerIsBetter => true;

        public RatingScope Scope => RatingScope.BlockPaths;

        public string? CheckCompatible(ISearchSpace space, ISupervisionStrategy? strategy) => null;

        public double Score(int block, BlockPath path) =>
            new Random(HashCode.Combine(seed, block, path.ToString().GetHashCode(StringComparison.Ordinal))).NextDouble();

        public IReadOnlyList<Rating> RateBlock(int block, Architecture prefix, IReadOnlyList<BlockPath> candidates, EvaluationContext context) =>
            candidates.Select(p => Rating.ForBlock(block, prefix, p, Score(block, p))).ToList();
    }

    private static IEnumerable<Architecture> All(ISearchSpace space)
    {
        IEnumerable<Architecture> archs = new[] { Architecture.Empty };
        for (int b = 0; b < space.Blocks.Count; b++)
        {
            int block = b;
            archs = archs.SelectMany(a => space.CandidatePaths(block, a).Select(a.Append)).ToList();
        }
        return archs;
    }

    [Theory]
    [InlineData(1, 0.35, 0.0)]
    [InlineData(2, 0.6, 0.0)]
    [InlineData(3, 0.0, 0.4)]
    [InlineData(4, 0.5, 0.5)]
    [InlineData(5, 0.05, 0.0)]
    [InlineData(6, 0.0, 0.0)]
    public void It_finds_the_brute_force_optimum_under_the_cap(int seed, double maddsAt, double paramsAt)
    {
        var space = Registry.Create<ISearchSpace>(ComponentKind.SearchSpace, "mbconv")!;
        var all = All(space).Select(a => (Arch: a, Cost: space.Cost(a, Input))).ToList();
        Assert.Equal(1024, all.Count);
        // Caps at a fraction of the way from the cheapest to the dearest architecture (0 = no cap).
        double Between(Func<Cost, double> f, double at) => f(all.MinBy(x => f(x.Cost)).Cost) + at * (all.Max(x => f(x.Cost)) - all.Min(x => f(x.Cost)));
        double maxMadds = maddsAt > 0 ? Between(c => c.MAdds, maddsAt) : 0, maxParams = paramsAt > 0 ? Between(c => c.Params, paramsAt) : 0;
        var limits = CostLimits.FromOptions(maxMadds, maxParams);

        var evaluator = new RandomBlockScores(seed);
        var brute = all.Where(x => limits.Allows(x.Cost))
            .Select(x => (x.Arch, x.Cost, Score: x.Arch.Blocks.Select((p, b) => evaluator.Score(b, p)).Sum()))
            .OrderBy(x => x.Score).ToList();

        using var temp = new TempFolder();
        var searcher = TestPlugins.Host.Create<ISearcher>(ComponentKind.Searcher, DnaKit.Searcher,
            DnaKit.Options(ComponentKind.Searcher, DnaKit.Searcher, ("MaxMadds", maxMadds), ("MaxParams", maxParams), ("TopK", 4)));
        var context = new TestSearchContext(space, Input, evaluator, run: RunContext.ForTests(folder: temp.Path));
        var found = searcher.Search(Architecture.Empty, context);

        Assert.Equal(brute[0].Arch, found);
        Assert.True(limits.Allows(space.Cost(found, Input)));
        Assert.Equal(space.Blocks.Count, context.Checkpoints);
        var top = File.ReadAllLines(temp.File("dna_top.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(brute.Take(4).Select(x => x.Arch.ToString()), top.Select(t => t[1]));
        Assert.All(top, t => Assert.True(limits.Allows(new Cost(double.Parse(t[3], System.Globalization.CultureInfo.InvariantCulture),
            long.Parse(t[4], System.Globalization.CultureInfo.InvariantCulture)))));
    }

    [Theory]
    [InlineData(1, 0.2)]
    [InlineData(2, 0.5)]
    public void Under_a_latency_cap_it_returns_the_best_architecture_within_it(int seed, double quantile)
    {
        var space = Registry.Create<ISearchSpace>(ComponentKind.SearchSpace, "mbconv")!;
        var latency = new SyntheticLatency();
        var all = All(space).Select(a => (Arch: a, Ms: latency.Compute(space, a, Input))).ToList();
        double cap = all.Select(x => x.Ms).Order().ElementAt((int)(quantile * all.Count));
        var evaluator = new RandomBlockScores(seed);
        var best = all.Where(x => x.Ms <= cap).MinBy(x => x.Arch.Blocks.Select((p, b) => evaluator.Score(b, p)).Sum()).Arch;

        using var temp = new TempFolder();
        var searcher = TestPlugins.Host.Create<ISearcher>(ComponentKind.Searcher, DnaKit.Searcher,
            DnaKit.Options(ComponentKind.Searcher, DnaKit.Searcher, ("MaxLatencyMs", cap), ("TopK", 3)));
        BossNas.Core.Costs.ICostMetric madds = new BossNas.Core.Costs.MAddsMetric();
        var context = new TestSearchContext(space, Input, evaluator, run: RunContext.ForTests(folder: temp.Path),
            costMetrics: [("madds", madds), ("latency_predicted_ms", latency)]);
        var found = searcher.Search(Architecture.Empty, context);

        Assert.True(latency.Compute(space, found, Input) <= cap, $"{found} is over the {cap} ms cap");
        Assert.Equal(best, found);
        Assert.All(File.ReadAllLines(temp.File("dna_top.csv")).Skip(1),
            row => Assert.True(latency.Compute(space, Architecture.Parse(row.Split(',')[1]), Input) <= cap, row));
    }

    [Fact]
    public void A_resumed_search_uses_the_saved_block_ratings()
    {
        var space = Registry.Create<ISearchSpace>(ComponentKind.SearchSpace, "mbconv")!;
        using var temp = new TempFolder();
        ISearcher Make() => TestPlugins.Host.Create<ISearcher>(ComponentKind.Searcher, DnaKit.Searcher,
            DnaKit.Options(ComponentKind.Searcher, DnaKit.Searcher));
        var first = Make();
        var a = first.Search(Architecture.Empty, new TestSearchContext(space, Input, new RandomBlockScores(7), run: RunContext.ForTests(folder: temp.Path)));
        var second = Make();
        second.LoadState(first.SaveState()!);
        // Another evaluator: the saved ratings, not new ones, decide.
        var context = new TestSearchContext(space, Input, new RandomBlockScores(8), run: RunContext.ForTests(folder: temp.Path));
        Assert.Equal(a, second.Search(Architecture.Empty, context));
        Assert.Equal(0, context.Checkpoints);
    }

    [Theory]
    [InlineData("nats")]
    [InlineData("hytra")]
    public void Spaces_whose_blocks_change_shape_with_the_path_are_refused_with_the_reason(string name)
    {
        var space = Registry.Create<ISearchSpace>(ComponentKind.SearchSpace, name)!;
        var strategy = TestPlugins.Host.Create<ISupervisionStrategy>(ComponentKind.Supervision, DnaKit.Strategy,
            DnaKit.Options(ComponentKind.Supervision, DnaKit.Strategy));
        Assert.Contains("same shapes", strategy.CheckCompatible(space));
    }
}
