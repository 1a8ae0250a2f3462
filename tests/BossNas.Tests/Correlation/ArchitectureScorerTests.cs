using BossNas.Core.Components;
using BossNas.Core.Spaces;
using BossNas.Tests.Support;
using BossNas.Engine.Correlation;
using Xunit;

namespace BossNas.Tests.Correlation;

public sealed class ArchitectureScorerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bossnas-scorer-").FullName;

    private string Ratings => Directory.CreateDirectory(Path.Combine(_folder, "ratings")).FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void NatsKeyMapsWidthIndicesOntoCifar10Blocks()
    {
        var nats = ArchitectureScorer.ForSpace(Space("nats"));
        Assert.Equal(["74", "57", "6"], nats("64:40:48:64:56"));
        Assert.Equal(["0", "123", "7"], ArchitectureScorer.ForSpace(Space("nats", ("BlockLayers", new[] { 1, 3, 1 })))("8:16:24:32:64"));
        Assert.Throws<FormatException>(() => nats("64:40:48:64:57"));
        Assert.Throws<FormatException>(() => nats("64:40:48:64"));
    }

    [Fact]
    public void MbconvAndArchitectureStringKeysSplitIntoBlocks()
    {
        var mbconv = ArchitectureScorer.ForSpace(Space("mbconv"));
        Assert.Equal(["11", "0110", "3"], mbconv("[[1,1],[0,1,1,0],[3]]"));
        Assert.Equal(["11", "0110"], mbconv("11|0110"));
        Assert.Equal(["5433", "3230", "1.10.0"], ArchitectureScorer.ForSpace(null)("5433|3230|1.10.0"));
        Assert.Throws<FormatException>(() => ArchitectureScorer.ForSpace(null)("5433||3230"));
        Assert.Throws<FormatException>(() => mbconv("[[1,"));
    }

    [Fact]
    public void ScoreAddsOffsetPerBlockAndNamesMissingPaths()
    {
        IReadOnlyDictionary<string, double>[] blocks =
        [
            new Dictionary<string, double> { ["74"] = -3.25 },
            new Dictionary<string, double> { ["57"] = -3.0 },
        ];

        Assert.Equal(0.75 + 1.0, ArchitectureScorer.Score(["74", "57"], blocks));
        var error = Assert.Throws<InvalidDataException>(() => ArchitectureScorer.Score(["74", "58"], blocks));
        Assert.Contains("Block 1", error.Message);
        Assert.Contains("'58'", error.Message);
    }

    [Fact]
    public void ScoreRoundsLikePythonRound()
    {
        IReadOnlyDictionary<string, double>[] blocks = [new Dictionary<string, double> { ["1"] = -2.99996, ["2"] = 2.675 }];

        // BossNAS rounds each total to 4 decimals, which is what makes near-equal scores tie.
        Assert.Equal(1.0, ArchitectureScorer.Score(["1"], blocks, scoreDecimals: ArchitectureScorer.BossNasScoreDecimals));
        Assert.Equal(1.00004, ArchitectureScorer.Score(["1"], blocks), 12); // exact unless asked
        // 2.675 is stored as 2.67499999...; Python's round(2.675, 2) gives 2.67, where scaling by 100 first gives 2.68.
        Assert.Equal(2.67, ArchitectureScorer.Score(["2"], blocks, blockOffset: 0, scoreDecimals: 2));
    }

    [Fact]
    public void GroundTruthReadersAgreeOnFormats()
    {
        string yml = Write("acc.yml", "'16:16:16:16:16': 87.59", "16:16:16:16:64: 89.58");
        string json = Write("acc.json", """{ "architectures": [ { "encoding": [[1, 1], [0]], "top1": 75.52 } ] }""");
        string csv = Write("acc.csv", "architecture,accuracy", "11|0,75.5");

        Assert.Equal(new Dictionary<string, double> { ["16:16:16:16:16"] = 87.59, ["16:16:16:16:64"] = 89.58 }, GroundTruth.Load(yml));
        Assert.Equal(new Dictionary<string, double> { ["[[1,1],[0]]"] = 75.52 }, GroundTruth.Load(json));
        Assert.Equal(new Dictionary<string, double> { ["11|0"] = 75.5 }, GroundTruth.Load(csv));
        Assert.Contains("line 2", Assert.Throws<FormatException>(() => GroundTruth.Load(Write("bad.yml", "'a': 1", "b 2"))).Message);
    }

    [Fact]
    public void CorrelateScoresEveryArchitecture()
    {
        PathRankFile.Write(Path.Combine(Ratings, "path_rank_0.yml"), [("1", -3.0), ("2", -2.0), ("3", -1.0)]);
        PathRankFile.Write(Path.Combine(Ratings, "path_rank_1.yml"), [("1", -3.0), ("2", -2.5)]);
        string truth = Write("truth.csv", "architecture,accuracy", "1|1,90", "2|1,80", "3|2,70", "1|2,85");

        var result = ArchitectureScorer.Correlate(null, Ratings, truth);

        // Lower loss goes with higher accuracy throughout, so every coefficient is negative.
        Assert.Equal(4, result.N);
        Assert.Equal(-1, result.KendallTauB, 12);
        Assert.Equal(-1, result.SpearmanRho, 12);
        Assert.True(result.PearsonR < -0.9);
    }

    private string Write(string name, params string[] lines)
    {
        string file = Path.Combine(_folder, name);
        File.WriteAllLines(file, lines);
        return file;
    }

    private static ISearchSpace Space(string name, params (string Property, object Value)[] options) =>
        ComponentOptions.Create<ISearchSpace>(ComponentKind.SearchSpace, name, options);
}
