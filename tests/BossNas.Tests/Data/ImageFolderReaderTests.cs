using BossNas.Engine.Data;
using StbImageWriteSharp;
using Xunit;

namespace BossNas.Tests.Data;

public sealed class ImageFolderReaderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bossnas-folder-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Writes an interleaved H×W×C image with StbImageWriteSharp, the encoder matching the decoder.</summary>
    private string WriteImage(string relative, byte[] interleaved, int height, int width, int channels, bool jpeg = false)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var components = channels switch
        {
            1 => ColorComponents.Grey,
            3 => ColorComponents.RedGreenBlue,
            _ => ColorComponents.RedGreenBlueAlpha,
        };
        using var file = File.Create(path);
        var writer = new ImageWriter();
        if (jpeg)
            writer.WriteJpg(interleaved, width, height, components, file, 95);
        else
            writer.WritePng(interleaved, width, height, components, file);
        return path;
    }

    private static byte[] Pattern(int height, int width, int channels, int salt)
    {
        var data = new byte[height * width * channels];
        for (int i = 0; i < data.Length; i++)
            data[i] = (byte)(i * 37 + salt * 11);
        return data;
    }

    /// <summary>H×W×C → C×H×W, the layout RawImageSet keeps.</summary>
    private static byte[] ToPlanes(byte[] interleaved, int height, int width, int channels)
    {
        var planes = new byte[interleaved.Length];
        for (int p = 0; p < height * width; p++)
            for (int c = 0; c < channels; c++)
                planes[c * height * width + p] = interleaved[p * channels + c];
        return planes;
    }

    [Fact]
    public void ReadsClassesInOrdinalOrderWithExactPixels()
    {
        var zebra0 = Pattern(4, 6, 3, salt: 1);
        var zebra1 = Pattern(4, 6, 3, salt: 2);
        var ant0 = Pattern(4, 6, 3, salt: 3);
        WriteImage("zebra/b.png", zebra1, 4, 6, 3);
        WriteImage("zebra/a.PNG", zebra0, 4, 6, 3);
        WriteImage("ant/only.png", ant0, 4, 6, 3);
        File.WriteAllText(Path.Combine(_root, "ant", "notes.txt"), "not an image");
        WriteImage(".hidden/skipped.png", ant0, 4, 6, 3);

        var set = new ImageFolderReader(height: 4, width: 6).Read(_root);

        Assert.Equal(["ant", "zebra"], set.ClassNames);
        Assert.Equal((3, 3, 4, 6), (set.Count, set.Channels, set.Height, set.Width));
        Assert.Equal([0L, 1L, 1L], set.Labels);
        byte[] expected = [.. ToPlanes(ant0, 4, 6, 3), .. ToPlanes(zebra0, 4, 6, 3), .. ToPlanes(zebra1, 4, 6, 3)];
        Assert.Equal(expected, set.Pixels);
        Assert.Contains(_root, set.Source);
    }

    [Fact]
    public void GreyImagesExpandToThreeEqualPlanes()
    {
        var grey = Pattern(3, 5, 1, salt: 4);
        WriteImage("only/g.png", grey, 3, 5, 1);

        var set = new ImageFolderReader(3, 5, channels: 3).Read(_root);

        Assert.Equal([.. grey, .. grey, .. grey], set.Pixels);
    }

    [Fact]
    public void NeutralColourImagesBecomeTheSameGrey()
    {
        var rgb = new byte[2 * 2 * 3];
        for (int p = 0; p < 4; p++)
            rgb[3 * p] = rgb[3 * p + 1] = rgb[3 * p + 2] = (byte)(p * 60 + 10);
        WriteImage("c/rgb.png", rgb, 2, 2, 3);

        var set = new ImageFolderReader(2, 2, channels: 1).Read(_root);

        Assert.Equal([10, 70, 130, 190], set.Pixels);
    }

    [Fact]
    public void UpscalingIsBilinearWithPixelCentres()
    {
        // One grey row, dark then bright, stretched from 2x1 to 4x2.
        WriteImage("c/edge.png", [0, 200], 1, 2, 1);

        var set = new ImageFolderReader(2, 4, channels: 1).Read(_root);

        Assert.Equal([0, 50, 150, 200, 0, 50, 150, 200], set.Pixels);
    }

    [Fact]
    public void DownscalingKeepsAUniformImageUniform()
    {
        var rgb = Enumerable.Repeat(new byte[] { 12, 140, 250 }, 7 * 9).SelectMany(px => px).ToArray();
        WriteImage("c/flat.png", rgb, 7, 9, 3);

        var set = new ImageFolderReader(4, 4).Read(_root);

        Assert.Equal(Enumerable.Repeat((byte)12, 16).Concat(Enumerable.Repeat((byte)140, 16))
            .Concat(Enumerable.Repeat((byte)250, 16)), set.Pixels);
    }

    [Fact]
    public void DecodesJpeg()
    {
        var rgb = Enumerable.Repeat(new byte[] { 200, 100, 50 }, 16 * 16).SelectMany(px => px).ToArray();
        WriteImage("c/photo.jpg", rgb, 16, 16, 3, jpeg: true);

        var set = new ImageFolderReader(8, 8).Read(_root);

        for (int c = 0; c < 3; c++)
            Assert.All(set.Pixels.Skip(c * 64).Take(64), v => Assert.InRange(v, rgb[c] - 4, rgb[c] + 4));
    }

    [Fact]
    public void UndecodableFileIsNamed()
    {
        WriteImage("good/ok.png", Pattern(2, 2, 3, 0), 2, 2, 3);
        string bad = Path.Combine(_root, "good", "broken.png");
        File.WriteAllText(bad, "this is not a png");

        var e = Assert.Throws<DataFormatException>(() => new ImageFolderReader(2, 2).Read(_root));

        Assert.Equal(bad, e.File);
        Assert.StartsWith(bad + ": cannot decode image", e.Message);
    }

    [Fact]
    public void MissingOrEmptyFoldersAreRejected()
    {
        string missing = Path.Combine(_root, "missing");
        Assert.Equal(missing, Assert.Throws<DataFormatException>(() => new ImageFolderReader(2, 2).Read(missing)).File);

        Assert.Contains("no class subfolders",
            Assert.Throws<DataFormatException>(() => new ImageFolderReader(2, 2).Read(_root)).Message);

        Directory.CreateDirectory(Path.Combine(_root, "empty-class"));
        Assert.Contains("class folder without images",
            Assert.Throws<DataFormatException>(() => new ImageFolderReader(2, 2).Read(_root)).Message);
    }

    [Fact]
    public void An_empty_class_folder_beside_others_is_an_error_naming_it()
    {
        WriteImage("cat/a.png", Pattern(2, 2, 3, 0), 2, 2, 3);
        Directory.CreateDirectory(Path.Combine(_root, "dog"));
        var e = Assert.Throws<DataFormatException>(() => new ImageFolderReader(2, 2).Read(_root));
        Assert.Equal(Path.Combine(_root, "dog"), e.File);
        Assert.Contains("class folder without images", e.Message);
    }

    [Fact]
    public void A_corrupt_png_is_reported_with_the_decoders_reason()
    {
        WriteImage("cat/a.png", Pattern(2, 2, 3, 0), 2, 2, 3);
        // A PNG signature followed by a chunk that is not IHDR.
        var bad = Path.Combine(_root, "cat", "b.png");
        File.WriteAllBytes(bad, new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10 }.Concat(new byte[26]).ToArray());
        var e = Assert.Throws<DataFormatException>(() => new ImageFolderReader(2, 2).Read(_root));
        Assert.Equal(bad, e.File);
        Assert.Contains("cannot decode image: first not IHDR", e.Message);
    }

    [Fact]
    public void Splits_with_different_classes_are_an_error_listing_the_difference()
    {
        foreach (var c in new[] { "a", "b", "c" }) WriteImage($"train/{c}/x.png", Pattern(2, 2, 3, 0), 2, 2, 3);
        foreach (var c in new[] { "a", "c" }) WriteImage($"val/{c}/x.png", Pattern(2, 2, 3, 0), 2, 2, 3);
        var data = new BossNas.Engine.Config.DataSection { Dataset = "imagefolder", Root = _root, ImageSize = 8 };
        var e = Assert.Throws<DataFormatException>(() => DatasetLoader.Load(data, p => p, 0));
        Assert.Contains("only in train [b]", e.Message);
        Assert.Contains("only in val []", e.Message);
    }

    [Fact]
    public void The_planned_shape_counts_the_train_splits_classes_not_the_splits()
    {
        foreach (var c in new[] { "a", "b", "c" })
        {
            WriteImage($"train/{c}/x.png", Pattern(2, 2, 3, 0), 2, 2, 3);
            WriteImage($"val/{c}/x.png", Pattern(2, 2, 3, 0), 2, 2, 3);
        }
        var data = new BossNas.Engine.Config.DataSection { Dataset = "imagefolder", Root = _root, ImageSize = 8 };
        Assert.Equal(3, DatasetShapes.Of(data).Classes); // not 2, the splits train/ and val/
        // A relative root is resolved as the loader resolves it (against the config's folder).
        var relative = new BossNas.Engine.Config.DataSection { Dataset = "imagefolder", Root = "images", ImageSize = 8 };
        Assert.Equal(3, DatasetShapes.Of(relative, p => p == "images" ? _root : p).Classes);
    }
}
