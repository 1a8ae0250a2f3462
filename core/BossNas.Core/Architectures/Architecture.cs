using System.Text.Json;

namespace BossNas.Core.Architectures;

/// <summary>
/// A whole architecture of a block-structured space: one <see cref="BlockPath"/> per block.
/// Its string form joins block paths with <c>|</c>, e.g. <c>"5433|3230|0010|0000"</c>.
/// A partial architecture (fewer blocks than the space has) is the fixed prefix of a block-wise search.
/// </summary>
public sealed class Architecture : IEquatable<Architecture>
{
    /// <summary>Creates an architecture from its block paths.</summary>
    public Architecture(IEnumerable<BlockPath> blocks) => Blocks = blocks.ToArray();

    /// <summary>The per-block paths, in block order.</summary>
    public IReadOnlyList<BlockPath> Blocks { get; }

    /// <summary>An architecture with no blocks fixed yet.</summary>
    public static Architecture Empty { get; } = new(Array.Empty<BlockPath>());

    /// <summary>This architecture with <paramref name="path"/> appended as the next block.</summary>
    public Architecture Append(BlockPath path) => new(Blocks.Append(path));

    /// <summary>The first <paramref name="count"/> blocks.</summary>
    public Architecture Prefix(int count) => new(Blocks.Take(count));

    /// <inheritdoc />
    public override string ToString() => string.Join('|', Blocks.Select(b => b.ToString()));

    /// <summary>Parses <c>"5433|3230|0010|0000"</c>.</summary>
    /// <exception cref="FormatException">A block is not a path.</exception>
    public static Architecture Parse(string text) =>
        text.Trim().Length == 0 ? Empty : new(text.Split('|').Select(BlockPath.Parse));

    /// <summary>JSON form: an array of per-block op-index arrays, <c>[[5,4,3,3],[3,2,3,0]]</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(Blocks.Select(b => b.Ops).ToArray());

    /// <summary>Reads the JSON form written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">The JSON is not an array of integer arrays.</exception>
    public static Architecture FromJson(string json)
    {
        try
        {
            var blocks = JsonSerializer.Deserialize<int[][]>(json)
                         ?? throw new FormatException("architecture JSON is null");
            return new Architecture(blocks.Select(b => new BlockPath(b)));
        }
        catch (JsonException e)
        {
            throw new FormatException($"architecture JSON: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public bool Equals(Architecture? other) => other is not null && Blocks.SequenceEqual(other.Blocks);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Architecture);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var b in Blocks) h.Add(b);
        return h.ToHashCode();
    }
}
