using BossNas.Engine.Correlation;
using Xunit;

namespace BossNas.Tests.Correlation;

public sealed class PathRankFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bossnas-pathrank-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void WriteThenReadRoundTripsExactlyAndSortsByLoss()
    {
        (string Path, double Loss)[] ratings =
        [
            ("64", -3.1675562143325804), ("74", -3.169246506690979), ("0.12.3", 1e-5),
            ("it's", -2.0), ("big", 1.2345678901234567e20), ("bad", double.NaN), ("worst", double.PositiveInfinity),
        ];
        string file = Path.Combine(_folder, "path_rank_0.yml");

        PathRankFile.Write(file, ratings);
        var read = PathRankFile.Read(file);

        Assert.Equal(ratings.Length, read.Count);
        foreach (var (path, loss) in ratings) Assert.Equal(loss, read[path]);
        string[] lines = File.ReadAllLines(file);
        Assert.Equal(["- !!python/tuple", "  - '74'", "  - -3.169246506690979"], lines[..3]);
        Assert.Contains("  - 1.0e-05", lines);
        Assert.Contains("  - 'it''s'", lines);
    }

    [Fact]
    public void ReadsQuotedAndUnquotedPaths()
    {
        string file = Write("path_rank_1.yml",
            "- !!python/tuple", "  - '57'", "  - -3.0660645723342896",
            "- !!python/tuple", "  - \"37\"", "  - -3.065659284591675",
            "", "- !!python/tuple", "  - 62", "  - -3");

        var read = PathRankFile.Read(file);

        Assert.Equal(-3.0660645723342896, read["57"]);
        Assert.Equal(-3.065659284591675, read["37"]);
        Assert.Equal(-3.0, read["62"]);
    }

    [Fact]
    public void MalformedLossNamesFileAndLine()
    {
        string file = Write("path_rank_0.yml",
            "- !!python/tuple", "  - '74'", "  - -3.16", "- !!python/tuple", "  - '64'", "  - minus three");

        var error = Assert.Throws<FormatException>(() => PathRankFile.Read(file));

        Assert.Contains(file, error.Message);
        Assert.Contains("line 6: expected a number, found 'minus three'", error.Message);
    }

    [Fact]
    public void ItemsThatAreNotPairsAndRepeatedPathsAreReportedWithTheirLine()
    {
        string noTuple = Write("a.yml", "- '74'", "- -3.16");
        string truncated = Write("b.yml", "- !!python/tuple", "  - '74'");
        string repeated = Write("c.yml", "- ['74', -3.1]", "- ['64', -3.0]", "- ['74', -2.9]");
        string broken = Write("d.yml", "- ['74', -3.1", "- ['64', -3.0]");

        Assert.Contains("line 1: expected a (<key>, <number>) pair", Assert.Throws<FormatException>(() => PathRankFile.Read(noTuple)).Message);
        Assert.Contains("found a list of 1 item(s)", Assert.Throws<FormatException>(() => PathRankFile.Read(truncated)).Message);
        Assert.Contains("line 3: expected a path not listed before, found '74'", Assert.Throws<FormatException>(() => PathRankFile.Read(repeated)).Message);
        Assert.Contains($"{broken}, after line 1: not valid YAML", Assert.Throws<FormatException>(() => PathRankFile.Read(broken)).Message);
    }

    [Fact]
    public void LoadFolderOrdersBlocksAndTakesLatestFilePerBlock()
    {
        PathRankFile.Write(Path.Combine(_folder, "path_rank_0.yml"), [("11", -1.0)]);
        PathRankFile.Write(Path.Combine(_folder, "path_rank_1_20240101.yml"), [("22", -2.0)]);
        PathRankFile.Write(Path.Combine(_folder, "path_rank_1_20250101.yml"), [("22", -2.5)]);
        Write("ratings_block2.csv", "path,score,rank", "3.10.2,0.25,1", "\"33\",0.5,2");
        Write("notes.txt", "ignored");

        var blocks = PathRankFile.LoadFolder(_folder);

        Assert.Equal(3, blocks.Count);
        Assert.Equal(-1.0, blocks[0]["11"]);
        Assert.Equal(-2.5, blocks[1]["22"]);
        Assert.Equal(0.25, blocks[2]["3.10.2"]);
        Assert.Equal(0.5, blocks[2]["33"]);
    }

    [Fact]
    public void LoadFolderRejectsGapsAndEmptyFolders()
    {
        Assert.Contains(_folder, Assert.Throws<InvalidDataException>(() => PathRankFile.LoadFolder(_folder)).Message);

        PathRankFile.Write(Path.Combine(_folder, "path_rank_0.yml"), [("1", -1.0)]);
        PathRankFile.Write(Path.Combine(_folder, "path_rank_2.yml"), [("1", -1.0)]);
        var error = Assert.Throws<InvalidDataException>(() => PathRankFile.LoadFolder(_folder));

        Assert.Contains(_folder, error.Message);
        Assert.Contains("block 1", error.Message);
    }

    [Fact]
    public void CsvWithoutHeaderIsRejected()
    {
        string file = Write("ratings_block0.csv", "11,0.5");

        var error = Assert.Throws<FormatException>(() => PathRankFile.ReadCsv(file));

        Assert.Contains($"{file}, line 1", error.Message);
    }

    private string Write(string name, params string[] lines)
    {
        string file = Path.Combine(_folder, name);
        File.WriteAllLines(file, lines);
        return file;
    }
}
