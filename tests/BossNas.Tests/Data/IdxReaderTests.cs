using System.IO.Compression;
using BossNas.Engine.Data;
using Xunit;

namespace BossNas.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private static readonly string[] TenClasses = IdxReader.FashionMnistClassNames.ToArray();

    private readonly string _folder = Directory.CreateTempSubdirectory("bossnas-idx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    /// <summary>Deterministic single-channel set with distinct bytes per position.</summary>
    internal static RawImageSet MakeSet(int count, int height, int width, int classes = 10)
    {
        var pixels = new byte[count * height * width];
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = (byte)(i * 31 + 7);
        var labels = Enumerable.Range(0, count).Select(i => (long)((i * 7) % classes)).ToArray();
        var names = Enumerable.Range(0, classes).Select(c => $"c{c}").ToArray();
        return new RawImageSet(pixels, labels, 1, height, width, names, "test");
    }

    private (string Images, string Labels) Write(RawImageSet set, bool gzip)
    {
        // Names without .gz on purpose: compression must be detected from the content.
        string images = PathOf("images.idx"), labels = PathOf("labels.idx");
        IdxReader.WriteImages(images, set, gzip);
        IdxReader.WriteLabels(labels, set, gzip);
        return (images, labels);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RoundTripsRawAndGzip(bool gzip)
    {
        var written = MakeSet(count: 37, height: 5, width: 3);
        var (images, labels) = Write(written, gzip);

        byte[] head = File.ReadAllBytes(images)[..2];
        Assert.Equal(gzip, head[0] == 0x1f && head[1] == 0x8b);

        var read = IdxReader.ReadPair(images, labels, TenClasses);
        Assert.Equal((37, 1, 5, 3), (read.Count, read.Channels, read.Height, read.Width));
        Assert.Equal(written.Pixels, read.Pixels);
        Assert.Equal(written.Labels, read.Labels);
        Assert.Equal(TenClasses, read.ClassNames);
        Assert.Contains(images, read.Source);
        Assert.Contains(labels, read.Source);
    }

    [Fact]
    public void GzipOutputIsByteStable()
    {
        var set = MakeSet(20, 4, 4);
        IdxReader.WriteImages(PathOf("a.gz"), set, gzip: true);
        IdxReader.WriteImages(PathOf("b.gz"), set, gzip: true);
        Assert.Equal(File.ReadAllBytes(PathOf("a.gz")), File.ReadAllBytes(PathOf("b.gz")));
    }

    [Fact]
    public void WrongMagicNamesFileAndBothNumbers()
    {
        var (_, labels) = Write(MakeSet(4, 2, 2), gzip: false);

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadPair(labels, labels, TenClasses));

        Assert.Equal(labels, e.File);
        Assert.StartsWith(labels + ": ", e.Message);
        Assert.Contains("magic number 0x00000801", e.Message);
        Assert.Contains("expected 0x00000803", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncatedImagesReportExpectedAndActualBytes(bool gzip)
    {
        var (images, labels) = Write(MakeSet(10, 4, 4), gzip: false);
        byte[] cut = File.ReadAllBytes(images)[..^7]; // 16 + 160 - 7 = 169 bytes
        File.WriteAllBytes(images, gzip ? Gzip(cut) : cut);

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadPair(images, labels, TenClasses));

        Assert.Equal(images, e.File);
        Assert.StartsWith(images + ": truncated", e.Message);
        Assert.Contains("169 bytes", e.Message);
        Assert.Contains("expected 176 bytes", e.Message);
    }

    [Fact]
    public void TruncatedHeaderIsReported()
    {
        var (images, labels) = Write(MakeSet(3, 2, 2), gzip: false);
        File.WriteAllBytes(images, File.ReadAllBytes(images)[..10]);

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadPair(images, labels, TenClasses));

        Assert.Contains("truncated: only 10 bytes", e.Message);
        Assert.Contains("expected 16 bytes", e.Message);
    }

    [Fact]
    public void TrailingBytesAreRejected()
    {
        var (images, labels) = Write(MakeSet(3, 2, 2), gzip: false);
        File.AppendAllText(labels, "x");

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadPair(images, labels, TenClasses));

        Assert.Equal(labels, e.File);
        Assert.Contains("more than 11 bytes", e.Message);
    }

    [Fact]
    public void LabelOutOfRangeNamesLabelFileAndIndex()
    {
        var set = MakeSet(count: 12, height: 2, width: 2, classes: 12);
        var (images, labels) = Write(set, gzip: true);
        int at = Array.FindIndex(set.Labels, l => l >= 10);

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadPair(images, labels, TenClasses));

        Assert.Equal(labels, e.File);
        Assert.Contains($"label {set.Labels[at]} at index {at}", e.Message);
        Assert.Contains("expected labels in [0, 10)", e.Message);
    }

    [Fact]
    public void CountMismatchNamesBothFiles()
    {
        string images = PathOf("images"), labels = PathOf("labels");
        IdxReader.WriteImages(images, MakeSet(5, 2, 2), gzip: false);
        IdxReader.WriteLabels(labels, MakeSet(4, 2, 2), gzip: false);

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadPair(images, labels, TenClasses));

        Assert.Equal(labels, e.File);
        Assert.Contains($"4 labels for the 5 images in {images}", e.Message);
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        string missing = PathOf("nope-idx3-ubyte");

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadPair(missing, missing, TenClasses));

        Assert.Equal(missing, e.File);
        Assert.Contains("file not found", e.Message);
    }

    [Fact]
    public void CorruptGzipIsNamed()
    {
        var (images, labels) = Write(MakeSet(3, 2, 2), gzip: false);
        File.WriteAllBytes(images, [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadPair(images, labels, TenClasses));

        Assert.Equal(images, e.File);
        Assert.Contains("corrupt gzip data", e.Message);
    }

    [Fact]
    public void FindFashionMnistPrefersPlainFilesAndNeedsAllFour()
    {
        Assert.Null(IdxReader.FindFashionMnist(_folder));
        Assert.Null(IdxReader.FindFashionMnist(PathOf("does-not-exist")));

        foreach (var name in new[] { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte.gz" })
            File.WriteAllBytes(PathOf(name), []);
        Assert.Null(IdxReader.FindFashionMnist(_folder));

        File.WriteAllBytes(PathOf("t10k-labels-idx1-ubyte.gz"), []);
        File.WriteAllBytes(PathOf("t10k-labels-idx1-ubyte"), []);
        var found = IdxReader.FindFashionMnist(_folder);

        Assert.Equal(new FashionMnistFiles(PathOf("train-images-idx3-ubyte.gz"), PathOf("train-labels-idx1-ubyte"),
            PathOf("t10k-images-idx3-ubyte.gz"), PathOf("t10k-labels-idx1-ubyte")), found);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Fastest))
            gz.Write(data);
        return buffer.ToArray();
    }
}
