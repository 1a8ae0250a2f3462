using BossNas.Core.Architectures;
using BossNas.Core.Spaces;

namespace BossNas.Plugins.HyTra.Tests;

/// <summary>The path rules: BossNAS's list sizes, the space size, chaining between blocks, dead ends.</summary>
public sealed class HyTraPathTests
{
    private static IReadOnlyList<BlockPath> PathList(ISearchSpace space, int maxLevel, bool anyStart) =>
        ((HyTraSpace)space).PathList(maxLevel, anyStart);

    /// <summary>Brute force over all op sequences, written independently of the plugin.</summary>
    private static HashSet<string> BruteForce(int maxLevel, bool anyStart)
    {
        int opCount = maxLevel switch { 0 => 2, 1 => 4, 2 => 5, _ => 6 };
        var result = new HashSet<string>();
        for (int code = 0; code < opCount * opCount * opCount * opCount; code++)
        {
            int[] ops = [code % opCount, code / opCount % opCount, code / (opCount * opCount) % opCount, code / (opCount * opCount * opCount)];
            int[] levels = ops.Select(HyTraFixture.Level).ToArray();
            if (!anyStart && levels[0] < maxLevel - 1) continue;
            bool ok = true;
            for (int i = 1; i < 4; i++) ok &= levels[i] == levels[i - 1] || levels[i] == levels[i - 1] - 1;
            if (ok) result.Add(string.Concat(ops));
        }
        return result;
    }

    [Fact]
    public void Generated_lists_have_the_paper_sizes_and_match_a_brute_force_enumeration()
    {
        var space = HyTraFixture.Create();
        int[] restricted = [16, 80, 99, 51];
        int[] all = [16, 80, 115, 131];
        for (int maxLevel = 0; maxLevel < 4; maxLevel++)
        {
            var r = PathList(space, maxLevel, anyStart: false);
            var a = PathList(space, maxLevel, anyStart: true);
            Assert.Equal(restricted[maxLevel], r.Count);
            Assert.Equal(all[maxLevel], a.Count);
            Assert.Equal(BruteForce(maxLevel, false), r.Select(p => p.ToString()).ToHashSet());
            Assert.Equal(BruteForce(maxLevel, true), a.Select(p => p.ToString()).ToHashSet());
        }
        // BossNAS's example of restricted_path[4].
        Assert.Contains(BlockPath.Parse("5433"), PathList(space, 3, false));
    }

    [Fact]
    public void The_paper_space_has_1615872_architectures()
    {
        var space = HyTraFixture.Create();
        Assert.Equal(1_615_872d, space.CountArchitectures());
        // Same path structure at paper scale: widths do not change the count.
        Assert.Equal(1_615_872d, HyTraFixture.Create(HyTraFixture.PaperScale).CountArchitectures());
    }

    [Fact]
    public void Candidates_are_the_paper_lists_when_every_block_offers_every_level()
    {
        // With stage_depths [4,4,4,4] no path is a dead end, so candidates are the lists themselves.
        var space = HyTraFixture.Create(("StageDepths", new[] { 4, 4, 4, 4 }));
        Assert.Equal(51, space.CandidatePaths(0, Architecture.Empty).Count);
        // Block 1 draws from restricted_path[pos + 1], pos = the level block 0 ended at.
        Assert.Equal(51, space.CandidatePaths(1, Architecture.Parse("5555")).Count);
        Assert.Equal(99, space.CandidatePaths(1, Architecture.Parse("5544")).Count);
        Assert.Equal(80, space.CandidatePaths(1, Architecture.Parse("5433")).Count);
        Assert.Equal(16, space.CandidatePaths(1, Architecture.Parse("5421")).Count);
    }

    [Fact]
    public void The_all_rule_lets_block_0_start_at_any_level()
    {
        // Paper stage depths: 131 block-0 paths less the dead end 5555; later blocks chain as before. The count
        // was computed independently (a short script over the same rules).
        var paperDepths = HyTraFixture.Create(("PathRule", "all"));
        Assert.Equal(130, paperDepths.CandidatePaths(0, Architecture.Empty).Count);
        Assert.Equal(2_729_984d, paperDepths.CountArchitectures());
        var levels4 = HyTraFixture.Create(("PathRule", "all"), ("StageDepths", new[] { 4, 4, 4, 4 }));
        Assert.Equal(131, levels4.CandidatePaths(0, Architecture.Empty).Count);
        Assert.Contains(BlockPath.Parse("0000"), levels4.CandidatePaths(0, Architecture.Empty));
        // Fewer levels: the stem is at level 2, 1, 0 and block 0 draws all_path[3], [2], [1].
        (int Levels, int[] Widths, int Count)[] smaller = [(3, [128, 64, 32], 115), (2, [128, 64], 80), (1, [128], 16)];
        foreach (var (levels, widths, count) in smaller)
        {
            var space = HyTraFixture.Create(("PathRule", "all"), ("Levels", levels), ("Widths", widths),
                ("StageDepths", Enumerable.Repeat(levels, 4).ToArray()));
            Assert.Equal(count, space.CandidatePaths(0, Architecture.Empty).Count);
        }
        // Later blocks still continue from where the block before ended.
        var paper = HyTraFixture.Create(("PathRule", "all"));
        Assert.Equal(80, paper.CandidatePaths(1, Architecture.Parse("3333")).Count);
        Assert.All(paper.CandidatePaths(1, Architecture.Parse("3333")), p => Assert.True(HyTraFixture.Level(p[0]) <= 1));
    }

    [Fact]
    public void Candidates_of_the_next_block_depend_on_the_last_op_of_the_block_before()
    {
        var space = HyTraFixture.Create();
        var afterLevel2 = space.CandidatePaths(1, Architecture.Parse("5444"));
        var afterLevel1 = space.CandidatePaths(1, Architecture.Parse("5433"));
        var afterLevel1Att = space.CandidatePaths(1, Architecture.Parse("5432"));
        var afterLevel0 = space.CandidatePaths(1, Architecture.Parse("5421"));
        // restricted_path[3] without the dead end 4444 (block 2 has no level 2): 98.
        Assert.Equal(98, afterLevel2.Count);
        Assert.DoesNotContain(BlockPath.Parse("4444"), afterLevel2);
        Assert.All(afterLevel2, p => Assert.Contains(HyTraFixture.Level(p[0]), new[] { 1, 2 }));
        Assert.Equal(80, afterLevel1.Count);
        Assert.All(afterLevel1, p => Assert.Contains(HyTraFixture.Level(p[0]), new[] { 0, 1 }));
        // Only the last op's level matters, not which primitive it was.
        Assert.Equal(afterLevel1, afterLevel1Att);
        Assert.Equal(16, afterLevel0.Count);
        Assert.All(afterLevel0, p => Assert.All(p.Ops, o => Assert.True(o <= 1)));
    }

    [Fact]
    public void Dead_ends_are_not_candidates_and_the_counts_follow()
    {
        var space = HyTraFixture.Create();
        var block0 = space.CandidatePaths(0, Architecture.Empty);
        // restricted_path[4] has 51 paths; 5555 ends at level 3, which block 1 does not offer.
        Assert.Equal(50, block0.Count);
        Assert.DoesNotContain(BlockPath.Parse("5555"), block0);
        Assert.All(block0, p => Assert.Contains(p[0], new[] { 4, 5 }));
        var reason = space.Validate(Architecture.Parse("5555"), allowPartial: true);
        Assert.NotNull(reason);
        Assert.Contains("dead end", reason);
        // Summing the candidates' completions gives the space size, block by block.
        double total = 0;
        foreach (var p0 in block0)
        {
            foreach (var p1 in space.CandidatePaths(1, new Architecture([p0])))
            {
                var prefix = new Architecture([p0, p1]);
                foreach (var p2 in space.CandidatePaths(2, prefix))
                    total += space.CandidatePaths(3, prefix.Append(p2)).Count;
            }
        }
        Assert.Equal(1_615_872d, total);
    }

    [Fact]
    public void Two_layers_per_block_regenerates_smaller_lists_by_the_same_rules()
    {
        var space = HyTraFixture.Create(("LayersPerBlock", 2));
        // Block 0 from level 3: 42, 43, 44, 54, 55 (start at 2 or 3, at most one drop per layer); 55 is a dead end.
        Assert.Equal(["42", "43", "44", "54"], space.CandidatePaths(0, Architecture.Empty).Select(p => p.ToString()));
        Assert.All(space.CandidatePaths(0, Architecture.Empty), p => Assert.Equal(2, p.Length));
        Assert.True(space.CountArchitectures() > 0);
        Assert.Empty(space.NamedArchitectures);
    }
}
