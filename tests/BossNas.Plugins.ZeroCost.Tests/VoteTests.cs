using BossNas.Core.Architectures;
using BossNas.Core.Context;
using BossNas.Core.Evaluation;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Core.Components;
using BossNas.Plugins.ZeroCost.Vote;
using static BossNas.Tests.Support.SpaceTestKit;

namespace BossNas.Plugins.ZeroCost.Tests;

/// <summary>The vote: the pairwise majority against hand counts, composed of the real proxies, deterministic.</summary>
[Collection("Torch")]
public sealed class VoteTests
{
    private static readonly InputShape Input = new(1, 16, 16, 4);

    private static ISearchSpace Nats() => Space("nats", ("CandidateWidths", new[] { 8, 16 }));

    private static EvaluationContext Context(long seed = 3) =>
        new(Nats(), Input, null, new RandomRatingData(1, 2, 6, 1, 16, 4), RunContext.ForTests(seed));

    /// <summary>A proxy with a fixed score per architecture string.</summary>
    private sealed class Fixed(Dictionary<string, double> scores, bool lowerIsBetter = false) : IEvaluator
    {
        public bool LowerIsBetter => lowerIsBetter;
        public RatingScope Scope => RatingScope.Architectures;
        public bool NeedsSupernet => false;
        public string? CheckCompatible(ISearchSpace space, ISupervisionStrategy? strategy) => null;
        public IReadOnlyList<Rating> RateArchitectures(IReadOnlyList<Architecture> candidates, EvaluationContext context) =>
            candidates.Select(a => Rating.ForArchitecture(a, scores[a.ToString()])).ToList();
    }

    private static readonly string[] Archs = ["00|00|0", "01|10|1", "11|11|1", "10|01|0"];

    private static Dictionary<string, double> Of(params double[] s) => Archs.Select((a, i) => (Arch: a, Score: s[i])).ToDictionary(x => x.Arch, x => x.Score);

    [Fact]
    public void Each_pair_goes_to_its_majority_and_a_split_vote_counts_half()
    {
        // Candidates A, B, C, D. m1: A 4, B 3, C 2, D 2.5; m2: A 4, B 3, C 2, D 1; m3: B 4, C 3, D 3, A 2.
        // A-B: m1 A, m2 A, m3 B -> A.  A-C: A, A, C -> A.  A-D: A, A, D -> A.  B-C and B-D: B thrice -> B.
        // C-D: m1 D, m2 C, m3 tie -> 1 : 1, half each. Wins A 3, B 2, C 0.5, D 0.5, over 3 others each.
        // (A Borda count would put B first: B is second, second, first; A is first, first, last.)
        var scores = MajorityVote.Scores([[4, 3, 2, 2.5], [4, 3, 2, 1], [2, 4, 3, 3]]);
        Assert.Equal([3 / 3.0, 2 / 3.0, 0.5 / 3, 0.5 / 3], scores);
    }

    [Fact]
    public void A_majority_cycle_ties_its_members_and_a_lone_candidate_scores_half()
    {
        // m1: A > B > C, m2: B > C > A, m3: C > A > B: A beats B, B beats C, C beats A (2 : 1 each).
        Assert.Equal([0.5, 0.5, 0.5], MajorityVote.Scores([[3, 2, 1], [1, 3, 2], [2, 1, 3]]));
        Assert.Equal([0.5], MajorityVote.Scores([[7.0]]));
        Assert.Throws<ArgumentException>(() => MajorityVote.Scores([[1, 2], [1]]));
    }

    [Fact]
    public void The_evaluator_votes_its_members_ratings_and_turns_a_lower_is_better_member_around()
    {
        // The same three orders as the hand count above; m2 given as a loss (negated scores, lower better).
        var vote = new VoteEvaluator([new Fixed(Of(4, 3, 2, 2.5)), new Fixed(Of(-4, -3, -2, -1), lowerIsBetter: true), new Fixed(Of(2, 4, 3, 3))]);
        var ratings = vote.RateArchitectures(Archs.Select(Architecture.Parse).ToList(), Context());
        Assert.Equal(Archs, ratings.Select(r => r.Candidate.Architecture.ToString()));
        Assert.Equal([1.0, 2 / 3.0, 0.5 / 3, 0.5 / 3], ratings.Select(r => r.Score));
        Assert.False(vote.LowerIsBetter);
        Assert.False(vote.NeedsSupernet);
    }

    [Fact]
    public void The_registered_vote_composes_the_real_proxies_and_is_deterministic()
    {
        var candidates = Archs.Select(Architecture.Parse).ToList();
        var vote = Create<IEvaluator>(ComponentKind.Evaluator, "vote", ("Images", 8));
        var first = vote.RateArchitectures(candidates, Context()).Select(r => r.Score).ToList();
        var again = Create<IEvaluator>(ComponentKind.Evaluator, "vote", ("Images", 8)).RateArchitectures(candidates, Context()).Select(r => r.Score).ToList();
        Assert.Equal(first, again);

        // The same figures from the three proxies rated on their own and voted by hand.
        var members = new[] { "synflow", "jacov", "nwot" }.Select(m => ProxyCatalog.Create(m, 8))
            .Select(p => (IReadOnlyList<double>)p.RateArchitectures(candidates, Context()).Select(r => r.Score).ToList()).ToList();
        Assert.Equal(MajorityVote.Scores(members), first);
        Assert.True(first.Distinct().Count() > 1, "the vote tells the architectures apart");
        Assert.Equal(candidates.Count * (candidates.Count - 1) / 2.0, first.Sum() * (candidates.Count - 1), 9);
    }

    [Fact]
    public void Options_reject_unknown_repeated_or_too_few_members()
    {
        Assert.Empty(new VoteOptions().Validate());
        Assert.Contains(new VoteOptions { Members = ["synflow", "nope"] }.Validate(), e => e.Message.Contains("'nope'"));
        Assert.Contains(new VoteOptions { Members = ["synflow", "synflow", "nwot"] }.Validate(), e => e.Message.Contains("twice"));
        Assert.Contains(new VoteOptions { Members = ["synflow"] }.Validate(), e => e.Message.Contains("at least 2"));
        Assert.Contains(new VoteOptions { Members = ["synflow", "vote"] }.Validate(), e => e.Message.Contains("'vote'"));
    }
}
