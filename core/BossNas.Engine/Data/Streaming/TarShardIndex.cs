using System.Formats.Tar;
using System.Globalization;
using System.Text;

namespace BossNas.Engine.Data.Streaming;

/// <summary>
/// Indexes WebDataset-style tar shards: every <c>*.tar</c> directly in a folder, in ordinal name order; a sample is the
/// entries sharing a key (the entry's path up to the first '.' of its file name): one image (<c>.jpg</c>, <c>.jpeg</c> or
/// <c>.png</c>) and a <c>.cls</c> holding the class index as decimal text. Other extensions are ignored. Samples keep the
/// order of their first entry. Only the headers and the small <c>.cls</c> entries are read; images stay in the shard.
/// </summary>
internal static class TarShardIndex
{
    private static readonly string[] ImageExtensions = ["jpg", "jpeg", "png"];

    /// <summary>The samples of every shard in <paramref name="folder"/>.</summary>
    /// <exception cref="DataFormatException">No shards, a damaged shard, or a sample without its image or class.</exception>
    public static List<ImageEntry> Read(string folder)
    {
        if (!Directory.Exists(folder))
            throw new DataFormatException(folder, "folder not found", "a folder of *.tar shards");
        var shards = Directory.GetFiles(folder, "*.tar").Order(StringComparer.Ordinal).ToArray();
        if (shards.Length == 0)
            throw new DataFormatException(folder, "no *.tar shards", "WebDataset shards: <key>.jpg|png + <key>.cls per sample");
        var entries = new List<ImageEntry>();
        foreach (var shard in shards) entries.AddRange(ReadShard(shard));
        return entries;
    }

    /// <summary>The number of classes the shards of <paramref name="folder"/> use (the largest class index + 1).</summary>
    public static int Classes(IEnumerable<ImageEntry> entries) => entries.Any() ? (int)entries.Max(e => e.Label) + 1 : 0;

    private static List<ImageEntry> ReadShard(string shard)
    {
        var keys = new List<string>();
        var images = new Dictionary<string, (long Offset, int Length)>(StringComparer.Ordinal);
        var classes = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            using var stream = File.OpenRead(shard);
            using var reader = new TarReader(stream);
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
                var (key, ext) = Split(entry.Name);
                if (ext == "cls")
                {
                    Remember(keys, images, classes, key);
                    classes[key] = ParseClass(shard, entry);
                }
                else if (ImageExtensions.Contains(ext))
                {
                    Remember(keys, images, classes, key);
                    if (entry.Length > int.MaxValue)
                        throw new DataFormatException(shard, $"{entry.Name} has {entry.Length} bytes", "images under 2 GB");
                    images[key] = (entry.DataOffset, (int)entry.Length);
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new DataFormatException(shard, $"not a readable tar archive: {e.Message}", "a tar shard", e);
        }
        var result = new List<ImageEntry>(keys.Count);
        foreach (var key in keys)
        {
            if (!images.TryGetValue(key, out var image))
                throw new DataFormatException(shard, $"sample '{key}' has no image", $"{key}.jpg, {key}.jpeg or {key}.png");
            if (!classes.TryGetValue(key, out var label))
                throw new DataFormatException(shard, $"sample '{key}' has no class", $"{key}.cls holding the class index");
            result.Add(new ImageEntry(shard, image.Offset, image.Length, label));
        }
        return result;
    }

    private static void Remember(List<string> keys, Dictionary<string, (long, int)> images, Dictionary<string, long> classes, string key)
    {
        if (!images.ContainsKey(key) && !classes.ContainsKey(key)) keys.Add(key);
    }

    // WebDataset's convention: the key is everything before the first '.' of the file name, the extension the rest.
    private static (string Key, string Ext) Split(string name)
    {
        int slash = name.LastIndexOf('/');
        int dot = name.IndexOf('.', slash + 1);
        return dot < 0 ? (name, "") : (name[..dot], name[(dot + 1)..].ToLowerInvariant());
    }

    private static long ParseClass(string shard, TarEntry entry)
    {
        if (entry.DataStream is null || entry.Length > 64)
            throw new DataFormatException(shard, $"{entry.Name} is not a short class index", "a decimal class index, e.g. 3");
        using var text = new StreamReader(entry.DataStream, Encoding.UTF8, leaveOpen: true);
        var s = text.ReadToEnd().Trim();
        if (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var label) || label > int.MaxValue)
            throw new DataFormatException(shard, $"{entry.Name} holds '{s}'", "a non-negative decimal class index, e.g. 3");
        return label;
    }
}
