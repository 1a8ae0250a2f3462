namespace BossNas.Plugins.MBConv;

/// <summary>
/// One candidate op of a layer: an inverted residual (MBConv) with an expansion ratio and a depthwise kernel, or the
/// skip (<see cref="IsSkip"/>: expansion 0, the layer keeps only its residual path).
/// </summary>
/// <param name="Name">Paper name, e.g. <c>MB6 3x3</c>.</param>
/// <param name="Expansion">Expansion ratio of the point-wise expansion (0 for the skip).</param>
/// <param name="Kernel">Depthwise kernel size (0 for the skip).</param>
public sealed record MBConvOp(string Name, int Expansion, int Kernel)
{
    /// <summary>The four candidates of every layer, by op index (BossNAS/DNA order).</summary>
    public static IReadOnlyList<MBConvOp> Candidates { get; } = new MBConvOp[]
    {
        new("MB6 3x3", 6, 3),
        new("MB6 5x5", 6, 5),
        new("MB3 3x3", 3, 3),
        new("MB3 5x5", 3, 5),
    };

    /// <summary>The six candidates of ABS/BN-NAS (<c>config.blocks_keys</c> order: kernel 3, 5, 7 × expansion 3, 6).</summary>
    public static IReadOnlyList<MBConvOp> BnNasCandidates { get; } = new MBConvOp[]
    {
        new("MB3 3x3", 3, 3),
        new("MB6 3x3", 6, 3),
        new("MB3 5x5", 3, 5),
        new("MB6 5x5", 6, 5),
        new("MB3 7x7", 3, 7),
        new("MB6 7x7", 6, 7),
    };

    /// <summary>The skip choice: the layer's residual path alone.</summary>
    public static MBConvOp SkipOp { get; } = new("skip", 0, 0);

    /// <summary>True for the skip choice.</summary>
    public bool IsSkip => Expansion == 0;

    /// <summary>The choices of every layer for the <c>ops</c> and <c>skip</c> options, by op index.</summary>
    public static IReadOnlyList<MBConvOp> Set(string ops, bool skip)
    {
        var set = ops == "bnnas" ? BnNasCandidates : Candidates;
        return skip ? set.Append(SkipOp).ToArray() : set;
    }

    /// <summary>timm's <c>make_divisible</c>: round to a multiple of <paramref name="divisor"/>, never below 90% of v.</summary>
    public static int MakeDivisible(double v, int divisor)
    {
        int rounded = Math.Max(divisor, (int)(v + divisor / 2.0) / divisor * divisor);
        return rounded < 0.9 * v ? rounded + divisor : rounded;
    }

    /// <summary>Hidden channels of the op for <paramref name="inChannels"/> inputs (divisor 8, as timm).</summary>
    public int Mid(int inChannels) => MakeDivisible(inChannels * (double)Expansion, 8);

    /// <summary>
    /// Channels of the squeeze-and-excitation bottleneck: a ratio of the block's <em>input</em> channels (timm's
    /// <c>reduced_base_chs = in_chs</c>), rounded with divisor 1.
    /// </summary>
    public static int SeReduced(int baseChannels, double ratio) => MakeDivisible(baseChannels * ratio, 1);
}
