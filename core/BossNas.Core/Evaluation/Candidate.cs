using BossNas.Core.Architectures;

namespace BossNas.Core.Evaluation;

/// <summary>
/// What a rating is about: either one block's candidate path given the fixed paths of the blocks before it
/// (block-wise methods: BossNAS, DNA), or a whole architecture (single-path methods: SPOS, BN-NAS, BigNAS).
/// </summary>
public sealed record Candidate
{
    private Candidate(Architecture architecture, int? block)
    {
        Architecture = architecture;
        Block = block;
    }

    /// <summary>
    /// For a block candidate, the prefix with the candidate path appended (<see cref="Block"/> + 1 blocks);
    /// for a whole architecture, the architecture.
    /// </summary>
    public Architecture Architecture { get; }

    /// <summary>The rated block, or null for a whole architecture.</summary>
    public int? Block { get; }

    /// <summary>True for a block candidate.</summary>
    public bool IsBlockPath => Block is not null;

    /// <summary>The candidate path of the block, or null for a whole architecture.</summary>
    public BlockPath? Path => Block is int b ? Architecture.Blocks[b] : null;

    /// <summary>The fixed blocks before the candidate (empty for a whole architecture).</summary>
    public Architecture Prefix => Block is int b ? Architecture.Prefix(b) : Architecture.Empty;

    /// <summary>Candidate <paramref name="path"/> of block <paramref name="block"/> after <paramref name="prefix"/>.</summary>
    /// <exception cref="ArgumentException">The prefix does not hold exactly <paramref name="block"/> blocks.</exception>
    public static Candidate OfBlock(int block, Architecture prefix, BlockPath path)
    {
        if (prefix.Blocks.Count != block)
            throw new ArgumentException($"the prefix of block {block} must hold {block} blocks, not {prefix.Blocks.Count}", nameof(prefix));
        return new Candidate(prefix.Append(path), block);
    }

    /// <summary>A whole architecture.</summary>
    public static Candidate Whole(Architecture architecture) => new(architecture, null);

    /// <summary>The path for a block candidate, the architecture string otherwise.</summary>
    public override string ToString() => Path?.ToString() ?? Architecture.ToString();
}
