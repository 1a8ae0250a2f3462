using BossNas.Engine.Data;
using Xunit;

namespace BossNas.Tests.Data;

public sealed class CifarReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bossnas-cifar-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private static RawImageSet MakeSet(int count, int firstLabel)
    {
        var pixels = new byte[count * CifarReader.ImageBytes];
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = (byte)(i * 13 + count);
        var labels = Enumerable.Range(0, count).Select(i => (long)((firstLabel + i) % 10)).ToArray();
        return new RawImageSet(pixels, labels, 3, 32, 32, CifarReader.Cifar10ClassNames, "test");
    }

    private RawImageSet[] WriteTrainBatches()
    {
        int[] sizes = [3, 1, 4, 2, 5];
        var sets = sizes.Select((n, b) => MakeSet(n, firstLabel: b * 2)).ToArray();
        for (int b = 0; b < sets.Length; b++)
            CifarReader.WriteBatch(PathOf(CifarReader.TrainBatchNames[b]), sets[b]);
        return sets;
    }

    [Fact]
    public void TrainBatchesRoundTripInOrder()
    {
        var sets = WriteTrainBatches();

        var read = CifarReader.ReadTrain(_folder);

        Assert.Equal((15, 3, 32, 32), (read.Count, read.Channels, read.Height, read.Width));
        Assert.Equal(sets.SelectMany(s => s.Pixels), read.Pixels);
        Assert.Equal(sets.SelectMany(s => s.Labels), read.Labels);
        Assert.Equal(CifarReader.Cifar10ClassNames, read.ClassNames);
        Assert.Contains("data_batch_5.bin", read.Source);
    }

    [Fact]
    public void TestBatchRoundTripsWithMetaClassNames()
    {
        var set = MakeSet(6, firstLabel: 4);
        CifarReader.WriteBatch(PathOf(CifarReader.TestBatchName), set);
        string[] names = ["a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9"];
        File.WriteAllText(PathOf(CifarReader.MetaFileName), string.Join("\n", names) + "\n\n");

        var read = CifarReader.ReadTest(_folder);

        Assert.Equal(set.Pixels, read.Pixels);
        Assert.Equal(set.Labels, read.Labels);
        Assert.Equal(names, read.ClassNames);
    }

    [Fact]
    public void TruncatedBatchNamesFileAndSize()
    {
        WriteTrainBatches();
        string batch = PathOf("data_batch_4.bin");
        File.WriteAllBytes(batch, File.ReadAllBytes(batch)[..^5]); // 2 records - 5 = 6141 bytes

        var e = Assert.Throws<DataFormatException>(() => CifarReader.ReadTrain(_folder));

        Assert.Equal(batch, e.File);
        Assert.StartsWith(batch + ": truncated", e.Message);
        Assert.Contains("size 6141 bytes", e.Message);
        Assert.Contains("3073", e.Message);
    }

    [Fact]
    public void LabelAboveNineIsRejected()
    {
        var bytes = new byte[CifarReader.RecordBytes * 2];
        bytes[CifarReader.RecordBytes] = 10;
        File.WriteAllBytes(PathOf(CifarReader.TestBatchName), bytes);

        var e = Assert.Throws<DataFormatException>(() => CifarReader.ReadTest(_folder));

        Assert.Equal(PathOf(CifarReader.TestBatchName), e.File);
        Assert.Contains("label 10 in record 1", e.Message);
    }

    [Fact]
    public void MissingBatchIsNamed()
    {
        WriteTrainBatches();
        File.Delete(PathOf("data_batch_3.bin"));

        var e = Assert.Throws<DataFormatException>(() => CifarReader.ReadTrain(_folder));

        Assert.Equal(PathOf("data_batch_3.bin"), e.File);
        Assert.Contains("file not found", e.Message);
    }

    [Fact]
    public void MetaFileWithWrongNameCountIsRejected()
    {
        CifarReader.WriteBatch(PathOf(CifarReader.TestBatchName), MakeSet(1, 0));
        File.WriteAllLines(PathOf(CifarReader.MetaFileName), ["only", "three", "names"]);

        var e = Assert.Throws<DataFormatException>(() => CifarReader.ReadTest(_folder));

        Assert.Equal(PathOf(CifarReader.MetaFileName), e.File);
        Assert.Contains("3 class names", e.Message);
    }
}
