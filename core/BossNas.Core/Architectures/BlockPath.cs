using System.Globalization;

namespace BossNas.Core.Architectures;

/// <summary>
/// The path of one block: one candidate-op index per layer of the block. Immutable and comparable by value.
/// </summary>
public sealed class BlockPath : IEquatable<BlockPath>
{
    private readonly int[] _ops;

    /// <summary>Creates a path from its per-layer op indices.</summary>
    /// <param name="ops">One non-negative choice index per layer.</param>
    public BlockPath(IEnumerable<int> ops)
    {
        _ops = ops.ToArray();
        if (_ops.Any(o => o < 0)) throw new ArgumentException("op indices must be non-negative", nameof(ops));
    }

    /// <summary>The per-layer op indices.</summary>
    public IReadOnlyList<int> Ops => _ops;

    /// <summary>Number of layers in the block.</summary>
    public int Length => _ops.Length;

    /// <summary>Op index of layer <paramref name="layer"/>.</summary>
    public int this[int layer] => _ops[layer];

    /// <summary>The op of the last layer, which decides where the next block starts in chained spaces.</summary>
    public int Last => _ops[^1];

    /// <summary>
    /// Digits when every op is below 10 (<c>"5433"</c>, as BossNAS writes paths), otherwise dot-separated
    /// integers (<c>"12.3.0"</c>).
    /// </summary>
    public override string ToString() =>
        _ops.All(o => o < 10)
            ? string.Concat(_ops.Select(o => (char)('0' + o)))
            : string.Join('.', _ops.Select(o => o.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Parses the form written by <see cref="ToString"/>.</summary>
    /// <exception cref="FormatException">The text is not a path.</exception>
    public static BlockPath Parse(string text)
    {
        text = text.Trim();
        if (text.Length == 0) throw new FormatException("empty block path");
        if (text.Contains('.'))
        {
            return new BlockPath(text.Split('.').Select(p =>
                int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                    ? v : throw new FormatException($"'{text}' is not a block path (expected dot-separated integers)")));
        }
        if (!text.All(char.IsAsciiDigit)) throw new FormatException($"'{text}' is not a block path (expected digits)");
        return new BlockPath(text.Select(c => c - '0'));
    }

    /// <inheritdoc />
    public bool Equals(BlockPath? other) => other is not null && _ops.AsSpan().SequenceEqual(other._ops);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as BlockPath);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var o in _ops) h.Add(o);
        return h.ToHashCode();
    }
}
