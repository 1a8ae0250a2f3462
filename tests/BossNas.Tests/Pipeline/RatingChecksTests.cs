using BossNas.Core.Architectures;
using BossNas.Core.Evaluation;
using BossNas.Engine.Pipeline;

namespace BossNas.Tests.Pipeline;

/// <summary>The host refuses ratings a searcher must not see: NaN or infinite scores, missing or reordered ones.</summary>
public sealed class RatingChecksTests
{
    private static readonly Architecture Prefix = Architecture.Parse("01");

    private static IReadOnlyList<Candidate> Paths(params string[] paths) =>
        paths.Select(p => Candidate.OfBlock(1, Prefix, BlockPath.Parse(p))).ToList();

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void A_non_finite_block_score_is_an_error_naming_the_candidate_and_block(double bad)
    {
        var candidates = Paths("00", "11");
        var ratings = new[] { new Rating(candidates[0], 0.5), new Rating(candidates[1], bad) };
        var e = Assert.Throws<InvalidOperationException>(() => RatingChecks.Require("my_eval", candidates, ratings));
        Assert.Contains("evaluator 'my_eval' gave block 1 path 11 after '01'", e.Message);
    }

    [Fact]
    public void A_non_finite_architecture_score_names_the_architecture()
    {
        var candidates = new[] { Candidate.Whole(Architecture.Parse("01|10")) };
        var e = Assert.Throws<InvalidOperationException>(() =>
            RatingChecks.Require("acc", candidates, new[] { new Rating(candidates[0], double.NaN) }));
        Assert.Contains("architecture 01|10", e.Message);
    }

    [Fact]
    public void Missing_or_reordered_ratings_are_errors_and_finite_ones_pass()
    {
        var candidates = Paths("00", "11");
        RatingChecks.Require("e", candidates, candidates.Select(c => new Rating(c, 1)).ToList());
        Assert.Throws<InvalidOperationException>(() => RatingChecks.Require("e", candidates, new[] { new Rating(candidates[0], 1) }));
        Assert.Throws<InvalidOperationException>(() =>
            RatingChecks.Require("e", candidates, candidates.Reverse().Select(c => new Rating(c, 1)).ToList()));
    }
}
