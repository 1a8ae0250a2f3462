using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Context;
using BossNas.Core.Costs;
using BossNas.Core.Evaluation;
using BossNas.Core.Pareto;
using BossNas.Core.Searching;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Tests.Support;

namespace BossNas.Plugins.Searchers.Tests;

/// <summary>
/// NSGA-II on the NATS size space cut to four widths (1,024 architectures) with a synthetic score that trades off
/// against MAdds: survival keeps whole fronts and cuts the last by crowding distance; the final front equals the
/// brute-force front of the space (without and under a cap) while rating under a quarter of it, where random search with
/// as many ratings misses most of that front; nothing over a cap is rated or returned; nothing is rated twice; and a
/// search stopped at a checkpoint and resumed ends as the uninterrupted one.
/// </summary>
[Collection("Torch")]
public sealed class Nsga2Tests
{
    private static readonly InputShape Input = new(1, 28, 28, 10);

    private static ISearchSpace Space() => SpaceTestKit.Space("nats", ("CandidateWidths", new[] { 8, 16, 24, 32 }));

    private static readonly IReadOnlyList<(string, ICostMetric)> MAddsOnly = [(CostMetricNames.MAdds, new MAddsMetric())];

    /// <summary>
    /// Scores each layer's op by a fixed pseudo-random value in [0, 1) (a hash of layer and op), summed over the layers,
    /// plus 0.3 log(MAdds): a landscape with structure a genetic search can use, whose front against MAdds holds 8
    /// architectures of the 1,024. Counts every rating.
    /// </summary>
    private sealed class TradeOffEvaluator(ISearchSpace space) : IEvaluator
    {
        public List<Architecture> Rated { get; } = new();

        public bool LowerIsBetter => false;

        public RatingScope Scope => RatingScope.Architectures;

        public string? CheckCompatible(ISearchSpace s, ISupervisionStrategy? strategy) => null;

        public IReadOnlyList<Rating> RateArchitectures(IReadOnlyList<Architecture> candidates, EvaluationContext context)
        {
            Rated.AddRange(candidates);
            return candidates.Select(a => Rating.ForArchitecture(a, Score(a))).ToList();
        }

        public double Score(Architecture a) =>
            a.Blocks.SelectMany(b => b.Ops).Select((op, layer) => Gene(layer, op)).Sum() + 0.3 * Math.Log(space.Cost(a, Input).MAdds);

        private static double Gene(int layer, int op)
        {
            ulong h = 14695981039346656037UL;
            foreach (char c in $"{layer}:{op}") h = (h ^ c) * 1099511628211UL;
            return h % 10007 / 10007.0;
        }
    }

    private static List<Architecture> All(ISearchSpace space)
    {
        var all = new List<Architecture> { Architecture.Empty };
        for (int b = 0; b < space.Blocks.Count; b++)
            all = all.SelectMany(p => space.CandidatePaths(b, p).Select(p.Append)).ToList();
        return all;
    }

    /// <summary>The front of score (maximised) against MAdds over the architectures of <paramref name="candidates"/> within <paramref name="cap"/>.</summary>
    private static List<string> FrontOf(IEnumerable<Architecture> candidates, ISearchSpace space, TradeOffEvaluator evaluator, double cap)
    {
        var feasible = candidates.Where(a => space.Cost(a, Input).MAdds <= cap).ToList();
        var objectives = feasible.Select(a => (IReadOnlyList<double>)new[] { -evaluator.Score(a), space.Cost(a, Input).MAdds }).ToList();
        return NonDominatedSorting.FirstFront(objectives).Select(i => feasible[i].ToString()).Order(StringComparer.Ordinal).ToList();
    }

    private static Nsga2Searcher Searcher(int population, int generations, double cap = 0) =>
        (Nsga2Searcher)SpaceTestKit.Create<ISearcher>(ComponentKind.Searcher, "nsga2", ("Population", population),
            ("Generations", generations), ("MaxMAdds", cap));

    private static double Cap(ISearchSpace space, double fraction)
    {
        double min = space.Cost(space.Smallest(Input), Input).MAdds, max = space.Cost(space.Largest(Input), Input).MAdds;
        return min + fraction * (max - min);
    }

    [Fact]
    public void Survival_keeps_whole_fronts_in_rank_order_and_cuts_the_last_by_crowding_distance()
    {
        // Score maximised, one cost minimised. Front 0: a, b, c, d (a trade-off); front 1: e, f; g is infeasible.
        Nsga2Member M(string arch, double score, double cost, double violation = 0) => new(arch, score, [cost], violation, -1, -1);
        var combined = new[]
        {
            M("g", 0, 0, violation: 0.5), M("e", 2, 5), M("a", 1, 1), M("b", 3, 3), M("c", 4, 6), M("d", 6, 9), M("f", 5, 10),
        };
        var all = Nsga2Survival.Select(combined, 7, false, [true]);
        Assert.Equal(new[] { "a", "b", "c", "d", "e", "f", "g" }, all.Select(m => m.Architecture));
        Assert.Equal(new[] { 0, 0, 0, 0, 1, 1, 2 }, all.Select(m => m.Rank));

        // Five places: front 0 whole, then the member of front 1 with the larger crowding distance... both are boundaries
        // of a front of two, so the architecture string decides: e.
        Assert.Equal(new[] { "a", "b", "c", "d", "e" }, Nsga2Survival.Select(combined, 5, false, [true]).Select(m => m.Architecture));

        // Three places in front 0: its boundaries a and d (infinite), then the lonelier of b and c. In objectives
        // (−score, cost): a (−1, 1), b (−3, 3), c (−4, 6), d (−6, 9). b: (4 − 1)/5 + (6 − 1)/8 = 1.225; c: (6 − 3)/5 + (9 − 3)/8 = 1.35.
        var three = Nsga2Survival.Select(combined, 3, false, [true]);
        Assert.Equal(new[] { "a", "d", "c" }, three.Select(m => m.Architecture));
        Assert.Equal(1.35, three[2].Crowding, 12);

        // The crowded tournament: lower rank, then larger crowding distance.
        Assert.Equal("b", Nsga2Survival.Tournament(all[4], all[1]).Architecture);
        Assert.Equal("a", Nsga2Survival.Tournament(all[1], all[0]).Architecture);
    }

    [Theory]
    [InlineData(1.0, 0)]
    [InlineData(0.4, 1)]
    public void The_final_front_is_the_brute_force_front_of_the_space_and_nothing_over_the_cap_is_rated_or_returned(double capFraction, long seed)
    {
        var space = Space();
        double cap = capFraction >= 1 ? double.PositiveInfinity : Cap(space, capFraction);
        var evaluator = new TradeOffEvaluator(space);
        var all = All(space);
        var truth = FrontOf(all, space, evaluator, cap);
        var searcher = Searcher(population: 20, generations: 12, cap: double.IsInfinity(cap) ? 0 : cap);
        var context = new TestSearchContext(space, Input, evaluator, run: RunContext.ForTests(seed), costMetrics: MAddsOnly);
        var found = searcher.Search(Architecture.Empty, context);

        var front = searcher.Front(context).Select(m => m.Architecture).Order(StringComparer.Ordinal).ToList();
        Assert.True(truth.Count >= 5, $"the synthetic front has {truth.Count} architectures");
        Assert.Equal(truth, front);
        // It got there rating under a quarter of the space, never one architecture twice, never one over the cap.
        Assert.True(evaluator.Rated.Count <= all.Count / 4, $"{evaluator.Rated.Count} rated");
        // Random search with as many ratings (a seeded uniform sample) finds at most half of that front: the test needs the search.
        var rng = new SeededRandom((ulong)seed + 100);
        var sample = all.OrderBy(_ => rng.NextDouble()).Take(evaluator.Rated.Count).ToList();
        int byChance = FrontOf(sample, space, evaluator, cap).Intersect(truth).Count();
        Assert.True(byChance <= truth.Count / 2, $"random search found {byChance} of {truth.Count}");
        Assert.Equal(evaluator.Rated.Count, evaluator.Rated.Distinct().Count());
        Assert.All(evaluator.Rated, a => Assert.True(space.Cost(a, Input).MAdds <= cap, $"{a} is over the cap and was rated"));
        // The result is the front's best score, within the cap.
        Assert.True(space.Cost(found, Input).MAdds <= cap);
        Assert.Equal(truth.Select(Architecture.Parse).Max(evaluator.Score), evaluator.Score(found));
        Assert.Equal(12, context.Checkpoints);
    }

    [Fact]
    public void It_never_returns_an_architecture_over_a_cap_over_many_seeds_and_refuses_a_cap_below_the_space()
    {
        var space = Space();
        double cap = Cap(space, 0.15);
        for (long seed = 0; seed < 8; seed++)
        {
            var evaluator = new TradeOffEvaluator(space);
            var searcher = Searcher(population: 8, generations: 4, cap: cap);
            var context = new TestSearchContext(space, Input, evaluator, run: RunContext.ForTests(seed));
            var found = searcher.Search(Architecture.Empty, context);
            Assert.True(space.Cost(found, Input).MAdds <= cap, $"seed {seed}: {found} is over the cap");
            Assert.All(evaluator.Rated, a => Assert.True(space.Cost(a, Input).MAdds <= cap));
            Assert.All(searcher.Front(context), m => Assert.Equal(0, m.Violation));
        }
        double below = space.Cost(space.Smallest(Input), Input).MAdds / 2;
        var refused = Assert.Throws<InvalidOperationException>(() => Searcher(6, 2, below).Search(Architecture.Empty,
            new TestSearchContext(space, Input, new TradeOffEvaluator(space))));
        Assert.Contains("no architecture within the caps", refused.Message);
    }

    /// <summary>A search context that stops the search at its k-th checkpoint, keeping what the host would save there.</summary>
    private sealed class StoppingContext(TestSearchContext inner, ISearcher searcher, int stopAt) : SearchContext
    {
        private int _checkpoints;

        public (string Searcher, Dictionary<string, ulong[]> Rng)? Saved { get; private set; }

        public override ISearchSpace Space => inner.Space;

        public override InputShape Input => inner.Input;

        public override ISupervisionStrategy? Strategy => null;

        public override RunContext Run => inner.Run;

        public override bool LowerIsBetter => inner.LowerIsBetter;

        public override IReadOnlyList<CostMetricInfo> CostMetrics => inner.CostMetrics;

        public override IReadOnlyDictionary<string, double> Costs(Architecture architecture) => inner.Costs(architecture);

        public override IReadOnlyList<Rating> RateBlock(int block, Architecture prefix, IReadOnlyList<BlockPath> candidates) =>
            throw new NotSupportedException();

        public override IReadOnlyList<Rating> RateArchitectures(IReadOnlyList<Architecture> candidates) => inner.RateArchitectures(candidates);

        public override void Checkpoint()
        {
            if (++_checkpoints != stopAt) return;
            Saved = (searcher.SaveState()!, Run.Rng.GetState());
            throw new OperationCanceledException("stopped at a checkpoint");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void A_search_stopped_at_a_checkpoint_and_resumed_ends_with_the_uninterrupted_front(int stopAt)
    {
        var space = Space();
        double cap = Cap(space, 0.6);
        var straightEvaluator = new TradeOffEvaluator(space);
        var straightSearcher = Searcher(12, 6, cap);
        var straightContext = new TestSearchContext(space, Input, straightEvaluator, run: RunContext.ForTests(3));
        var straight = straightSearcher.Search(Architecture.Empty, straightContext);

        var evaluator = new TradeOffEvaluator(space);
        var first = Searcher(12, 6, cap);
        var stopping = new StoppingContext(new TestSearchContext(space, Input, evaluator, run: RunContext.ForTests(3)), first, stopAt);
        Assert.Throws<OperationCanceledException>(() => first.Search(Architecture.Empty, stopping));
        var (state, rng) = stopping.Saved!.Value;
        Assert.Contains($"\"Generation\":{stopAt}", state);

        var run = RunContext.ForTests(3);
        run.Rng.SetState(rng);
        var second = Searcher(12, 6, cap);
        second.LoadState(state);
        var context = new TestSearchContext(space, Input, evaluator, run: run);
        var resumed = second.Search(Architecture.Empty, context);

        Assert.Equal(straight, resumed);
        Assert.Equal(straightSearcher.Front(straightContext), second.Front(context), new MemberComparer());
        // Everything rated before the stop and after the resume is the uninterrupted sequence, nothing twice.
        Assert.Equal(straightEvaluator.Rated, evaluator.Rated);
    }

    private sealed class MemberComparer : IEqualityComparer<Nsga2Member>
    {
        public bool Equals(Nsga2Member? x, Nsga2Member? y) =>
            x is not null && y is not null && x.Architecture == y.Architecture && x.Score == y.Score && x.Costs.SequenceEqual(y.Costs)
            && x.Violation == y.Violation && x.Rank == y.Rank && x.Crowding.Equals(y.Crowding);

        public int GetHashCode(Nsga2Member obj) => obj.Architecture.GetHashCode(StringComparison.Ordinal);
    }

    [Fact]
    public void Its_objectives_are_every_configured_cost_metric_and_the_options_default_to_optuna()
    {
        // With MAdds and params both objectives, a member carries both costs in the configured order.
        var space = Space();
        var searcher = Searcher(6, 2);
        var context = new TestSearchContext(space, Input, new TradeOffEvaluator(space), run: RunContext.ForTests(1));
        searcher.Search(Architecture.Empty, context);
        Assert.All(searcher.Front(context), m =>
        {
            var cost = space.Cost(Architecture.Parse(m.Architecture), Input);
            Assert.Equal(new[] { cost.MAdds, cost.Params }, m.Costs);
        });
        var o = new Nsga2Options();
        Assert.Equal((50, 20, 0.9, 0.0), (o.Population, o.Generations, o.CrossoverProbability, o.MutationProbability));
    }
}
