using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Tests.Support;
using Xunit.Abstractions;
using static BossNas.Tests.Support.SpaceTestKit;

namespace BossNas.Plugins.Nats.Tests;

/// <summary>The <c>nats_oracle</c> evaluator: means of ground-truth accuracies over the completions of a candidate.</summary>
public sealed class NatsOracleTests(ITestOutputHelper output)
{
    private static readonly InputShape Cifar = new(3, 32, 32, 10);

    // A few architectures, quoted and unquoted (keys with 64 are unquoted in BossNAS's file), with a comment and a blank line.
    private const string SmallFile = """
        # hand-made
        '8:8:8:8:8': 80.0
        '8:8:8:8:16': 82.0

        8:16:8:8:64: 90.0
        '16:8:8:8:8': 70.0
        '8:8:16:8:8': 85.5
        """;

    private static IEvaluator Oracle(string path, bool allowPartial = false) =>
        Create<IEvaluator>(ComponentKind.Evaluator, "nats_oracle", ("Path", path), ("AllowPartial", allowPartial));

    private static EvaluationContext Context(ISearchSpace space) =>
        new(space, Cifar, null!, null!, RunContext.ForTests());

    private static IReadOnlyList<double> Scores(IEvaluator oracle, ISearchSpace space, int block, string prefix, params string[] candidates) =>
        oracle.RateBlock(block, Architecture.Parse(prefix), candidates.Select(BlockPath.Parse).ToArray(), Context(space))
            .Select(r => r.Score).ToArray();

    [Fact]
    public void A_candidate_scores_the_mean_accuracy_of_the_listed_architectures_extending_it()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("acc.yml"), SmallFile);
        var oracle = Oracle(temp.File("acc.yml"), allowPartial: true);
        var space = Space("nats");
        Assert.False(oracle.LowerIsBetter);
        Assert.Null(oracle.CheckCompatible(space, null!));
        Assert.Contains("nats space only", oracle.CheckCompatible(Space("mbconv"), null!));

        // Block 0 = (c1, c2): '00' = 8:8 extends to 80, 82 and 85.5; '01' = 8:16 to 90; '10' = 16:8 to 70.
        Assert.Equal(new[] { (80 + 82 + 85.5) / 3, 90, 70 }, Scores(oracle, space, 0, "", "00", "01", "10"));
        // Block 1 = (c3, c4) after 8:8: '00' extends to 80 and 82; '10' = c3 16 to 85.5.
        Assert.Equal(new[] { 81, 85.5 }, Scores(oracle, space, 1, "00", "00", "10"));
        // Block 2 = c5: the architectures themselves.
        Assert.Equal(new[] { 80.0, 82.0 }, Scores(oracle, space, 2, "00|00", "0", "1"));

        // Each rating carries the cost of the candidate completed by the narrowest widths.
        var rating = oracle.RateBlock(0, Architecture.Empty, new[] { BlockPath.Parse("01") }, Context(space)).Single();
        Assert.Equal(space.Cost(Architecture.Parse("01|00|0"), Cifar), rating.Cost);

        var e = Assert.Throws<InvalidOperationException>(() => Scores(oracle, space, 2, "00|00", "7"));
        Assert.Contains("no architecture extending '00|00|7'", e.Message);
    }

    [Fact]
    public void The_cifar100_partition_averages_over_the_same_layers()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("acc.yml"), SmallFile);
        var oracle = Oracle(temp.File("acc.yml"), allowPartial: true);
        var space = Space("nats", ("BlockLayers", new[] { 2, 1, 2 }));
        // Block 1 = c3 alone after 8:8: '0' extends to 80 and 82; '1' to 85.5. Block 2 = (c4, c5).
        Assert.Equal(new[] { 81, 85.5 }, Scores(oracle, space, 1, "00", "0", "1"));
        Assert.Equal(new[] { 82.0 }, Scores(oracle, space, 2, "00|0", "01"));
    }

    [Theory]
    [InlineData("'8:8:8:8:8': 80.0\n'8:8:8:8': 81.0\n", ":2:", "not 5 widths")]
    [InlineData("'8:8:8:8:8': 80.0\n'8:8:8:8:16': 82.0\n'8:12:8:8:8': 81.0\n", ":3:", "width 12 in '8:12:8:8:8' is not a NATS width")]
    [InlineData("'8:8:8:8:8': 80.0\n'8:8:8:8:8': 81.0\n", ":2:", "listed twice (first at line 1)")]
    [InlineData("'8:8:8:8:8': eighty\n", ", line 1:", "expected a number, found 'eighty'")]
    [InlineData("'8:8:8:8:8': .nan\n", ":1:", "not a finite number")]
    [InlineData("just text\n", ", line 1:", "expected a mapping of '<key>: <number>' entries, found 'just text'")]
    [InlineData("{'8:8:8:8:8': 80.0, '8:8:8:8:16': [82.0]}\n", ", line 1:", "expected a number, found a list of 1 item(s)")]
    public void Bad_lines_are_reported_with_file_and_line(string text, string line, string message)
    {
        using var temp = new TempFolder();
        var path = temp.File("bad.yml");
        File.WriteAllText(path, text);
        var e = Assert.Throws<FormatException>(() => Scores(Oracle(path, allowPartial: true), Space("nats"), 0, "", "00"));
        Assert.Contains(path + line, e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Missing_files_incomplete_files_and_foreign_widths_are_errors()
    {
        using var temp = new TempFolder();
        var missing = Assert.Throws<FileNotFoundException>(() => Scores(Oracle(temp.File("none.yml")), Space("nats"), 0, "", "00"));
        Assert.Contains("none.yml", missing.Message);

        File.WriteAllText(temp.File("acc.yml"), SmallFile);
        var partial = Assert.Throws<InvalidOperationException>(() => Scores(Oracle(temp.File("acc.yml")), Space("nats"), 0, "", "00"));
        Assert.Contains("lists 5 of the 32768 architectures", partial.Message);
        Assert.Contains("allow_partial", partial.Message);

        var narrow = Space("nats", ("CandidateWidths", new[] { 4, 8, 12, 16 }));
        var widths = Assert.Throws<InvalidOperationException>(() => Scores(Oracle(temp.File("acc.yml"), true), narrow, 0, "", "00"));
        Assert.Contains("needs the NATS-Bench widths", widths.Message);

        var other = Space("mbconv");
        Assert.Throws<InvalidOperationException>(() => Scores(Oracle(temp.File("acc.yml"), true), other, 0, "", "00"));
    }

    [Fact]
    public void The_released_cifar10_accuracies_rate_bossnas_greedy_pick_as_published()
    {
        // Missing data fails loudly (RankingData), as PaperTableTests does: a test that checks nothing must not pass.
        string file = Path.Combine(RankingData.Folder(), "ranking_nats", "nats_cifar10_acc_rank.yml");
        Assert.True(File.Exists(file), $"{file} is missing");

        var oracle = Oracle(file);
        var space = Space("nats");
        var block0 = oracle.RateBlock(0, Architecture.Empty, space.CandidatePaths(0, Architecture.Empty), Context(space));
        Assert.Equal(64, block0.Count);
        // Every block-0 candidate has 512 completions, so the mean of the 64 scores is the mean of all 32,768 (91.09 %).
        Assert.Equal(91.09, block0.Average(r => r.Score), 2);
        // 64:40:48:64:56, the architecture BossNAS's own ratings pick greedily, has 93.29 % (BossNAS's published ratings, greedy per block).
        Assert.Equal(93.29, Scores(oracle, space, 2, "74|57", "6").Single(), 6);

        // The oracle's own greedy walk ends at a strong architecture (the best of the space has 93.65 %).
        var prefix = Architecture.Empty;
        for (int b = 0; b < space.Blocks.Count; b++)
        {
            var ratings = oracle.RateBlock(b, prefix, space.CandidatePaths(b, prefix), Context(space));
            prefix = prefix.Append(ratings.MaxBy(r => r.Score)!.Path!);
        }
        double greedy = Scores(oracle, space, 2, prefix.Prefix(2).ToString(), prefix.Blocks[2].ToString()).Single();
        output.WriteLine($"oracle greedy: {((NatsSpace)space).WidthString(prefix)} = {greedy}");
        Assert.InRange(greedy, 93.0, 93.65);
    }
}
