namespace BossNas.Plugins.MBConv;

/// <summary>One candidate op of a layer: an inverted residual (MBConv) with an expansion ratio and a depthwise kernel.</summary>
/// <param name="Name">Paper name, e.g. <c>MB6 3x3</c>.</param>
/// <param name="Expansion">Expansion ratio of the point-wise expansion.</param>
/// <param name="Kernel">Depthwise kernel size.</param>
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
