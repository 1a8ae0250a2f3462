using BossNas.Engine.Correlation;

namespace BossNas.Tests.Correlation;

/// <summary>
/// The published rating and accuracy files read through one YAML parser: flow-style tuples and mappings read as their
/// block-style forms do, keys are kept as written (<c>01</c>, <c>(8, 16)</c>, unquoted <c>16:16:16:16:64</c>), and
/// BossNAS's own NATS ratings rewritten in flow style give exactly what their block style gives.
/// </summary>
public sealed class FlowStyleYamlTests
{
    [Fact]
    public void Flow_style_tuples_and_strings_with_commas_read_as_pairs()
    {
        using var temp = new TempFolder();
        var file = temp.File("path_rank_0.yml");
        File.WriteAllLines(file,
        [
            "- !!python/tuple ['74', -3.169246506690979]",
            "- !!python/tuple [64, -3.1675562143325804]",
            "- ['(8, 16)', -2.5]",
            "- !!python/tuple",
            "  - '01'",
            "  - .inf",
            "- !!python/tuple [\"it's, \\\"quoted\\\"\", 1.0e-05]",
        ]);
        var read = PathRankFile.Read(file);
        Assert.Equal(new Dictionary<string, double>
        {
            ["74"] = -3.169246506690979, ["64"] = -3.1675562143325804, ["(8, 16)"] = -2.5, ["01"] = double.PositiveInfinity,
            ["it's, \"quoted\""] = 1e-5,
        }, read);

        var document = temp.File("path_rank_1.yml");
        File.WriteAllText(document, "[!!python/tuple ['11', -1.5],\n ['10', -1.25], [00, -1]]\n");
        Assert.Equal(new Dictionary<string, double> { ["11"] = -1.5, ["10"] = -1.25, ["00"] = -1 }, PathRankFile.Read(document));
    }

    [Fact]
    public void A_flow_style_accuracy_map_reads_as_the_block_style_one()
    {
        using var temp = new TempFolder();
        File.WriteAllLines(temp.File("block.yml"), ["'16:16:16:16:16': 87.59", "16:16:16:16:64: 89.58", "'(8, 16)': 12.5"]);
        File.WriteAllText(temp.File("flow.yml"), "{'16:16:16:16:16': 87.59,\n  16:16:16:16:64: 89.58, '(8, 16)': 12.5}\n");
        var block = GroundTruth.Load(temp.File("block.yml"));
        Assert.Equal(new Dictionary<string, double> { ["16:16:16:16:16"] = 87.59, ["16:16:16:16:64"] = 89.58, ["(8, 16)"] = 12.5 }, block);
        Assert.Equal(block, GroundTruth.Load(temp.File("flow.yml")));

        File.WriteAllText(temp.File("twice.yml"), "{'8:8:8:8:8': 80.0,\n '8:8:8:8:8': 81.0}\n");
        Assert.Contains("line 2: expected an architecture not listed before, found '8:8:8:8:8'",
            Assert.Throws<FormatException>(() => GroundTruth.Load(temp.File("twice.yml"))).Message);
        File.WriteAllText(temp.File("quoted.yml"), "'8:8:8:8:8': '80.0'\n");
        Assert.Contains("line 1: expected a number, found the string '80.0'",
            Assert.Throws<FormatException>(() => GroundTruth.Load(temp.File("quoted.yml"))).Message);
    }

    [Fact]
    public void BossNAS_nats_ratings_rewritten_in_flow_style_read_the_same()
    {
        string data = RankingData.Folder();
        using var temp = new TempFolder();
        int total = 0;
        for (int block = 0; block < 3; block++)
        {
            var published = Path.Combine(data, "ranking_nats", "path_rank", $"path_rank_{block}.yml");
            var lines = File.ReadAllLines(published);
            Assert.Equal(0, lines.Length % 3);
            // Each three-line block-style tuple as one flow-style line, its path and loss text unchanged.
            var flow = Enumerable.Range(0, lines.Length / 3)
                .Select(i => $"- !!python/tuple [{lines[3 * i + 1].Trim()[2..]}, {lines[3 * i + 2].Trim()[2..]}]").ToList();
            File.WriteAllLines(temp.File($"flow_{block}.yml"), flow);
            var expected = PathRankFile.Read(published);
            Assert.Equal(expected, PathRankFile.Read(temp.File($"flow_{block}.yml")));
            total += expected.Count;
        }
        // Blocks (c1, c2), (c3, c4) and (c5) of 8 widths: 64 + 64 + 8 candidates.
        Assert.Equal(136, total);
        Assert.Equal(32768, GroundTruth.Load(Path.Combine(data, "ranking_nats", "nats_cifar10_acc_rank.yml")).Count);
    }
}
