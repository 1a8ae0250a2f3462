using System.Formats.Tar;
using System.Globalization;
using BossNas.Engine.Data;
using StbImageWriteSharp;

namespace BossNas.Tests.Data;

/// <summary>Image folders and tar shards written on the fly for the streaming tests.</summary>
internal static class GeneratedImages
{
    /// <summary>
    /// Writes <paramref name="perClass"/> RGB images per class into <c>dir/c&lt;k&gt;/</c>: odd ones JPEG, even ones PNG,
    /// sides between <paramref name="side"/> and about 1.9× it, so sizes and aspect ratios vary (landscape and portrait).
    /// </summary>
    public static void Folder(string dir, int classes, int perClass, int side)
    {
        var writer = new ImageWriter();
        for (int c = 0; c < classes; c++)
        {
            var classDir = Path.Combine(dir, $"c{c}");
            Directory.CreateDirectory(classDir);
            for (int i = 0; i < perClass; i++)
            {
                int w = side + (i * 7 % (side - 1)), h = side + (i * 5 % (side - 3)) / 2;
                if (i % 3 == 2) (w, h) = (h, w);
                var pixels = Pattern(w, h, c, i);
                bool jpeg = i % 2 == 1;
                using var file = File.Create(Path.Combine(classDir, $"{i}.{(jpeg ? "jpg" : "png")}"));
                if (jpeg) writer.WriteJpg(pixels, w, h, ColorComponents.RedGreenBlue, file, 90);
                else writer.WritePng(pixels, w, h, ColorComponents.RedGreenBlue, file);
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="perClass"/> files per class into <c>dir/c&lt;k&gt;/</c>, each a copy of one of 8 encoded
    /// 32×32 JPEGs: a folder of many images in seconds, for tests where the contents do not matter.
    /// </summary>
    public static void Copies(string dir, int classes, int perClass)
    {
        var encoded = Enumerable.Range(0, 8).Select(i =>
        {
            using var ms = new MemoryStream();
            new ImageWriter().WriteJpg(Pattern(32, 32, i, i), 32, 32, ColorComponents.RedGreenBlue, ms, 90);
            return ms.ToArray();
        }).ToArray();
        for (int c = 0; c < classes; c++)
        {
            var classDir = Path.Combine(dir, $"c{c}");
            Directory.CreateDirectory(classDir);
            for (int i = 0; i < perClass; i++) File.WriteAllBytes(Path.Combine(classDir, $"{i}.jpg"), encoded[(c + i) % 8]);
        }
    }

    /// <summary>
    /// Writes the images of the folder <paramref name="dir"/> as WebDataset shards into <paramref name="shardDir"/>, in
    /// the folder index's order, <paramref name="perShard"/> samples a shard: <c>&lt;key&gt;.jpg|png</c> + <c>&lt;key&gt;.cls</c>.
    /// </summary>
    public static void Shards(string dir, string shardDir, int perShard)
    {
        Directory.CreateDirectory(shardDir);
        var (files, _) = ImageFolderReader.List(dir);
        for (int s = 0; s * perShard < files.Count; s++)
        {
            using var tar = File.Create(Path.Combine(shardDir, $"shard-{s:D4}.tar"));
            using var writer = new TarWriter(tar, TarEntryFormat.Pax);
            for (int n = s * perShard; n < Math.Min(files.Count, (s + 1) * perShard); n++)
            {
                var (path, label) = files[n];
                var key = $"sample{n:D6}";
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, key + Path.GetExtension(path))
                    { DataStream = new MemoryStream(File.ReadAllBytes(path)) });
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, key + ".cls")
                    { DataStream = new MemoryStream(System.Text.Encoding.ASCII.GetBytes(label.ToString(CultureInfo.InvariantCulture))) });
            }
        }
    }

    /// <summary>Smooth gradients that differ per class and image (JPEG keeps them well).</summary>
    public static byte[] Pattern(int w, int h, int c, int i)
    {
        var pixels = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int p = (y * w + x) * 3;
                pixels[p] = (byte)(x * 255 / w);
                pixels[p + 1] = (byte)(y * 255 / h);
                pixels[p + 2] = (byte)((c * 80 + i * 13) % 256);
            }
        return pixels;
    }
}
