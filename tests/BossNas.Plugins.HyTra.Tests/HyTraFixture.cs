using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Spaces;
using BossNas.Tests.Support;

namespace BossNas.Plugins.HyTra.Tests;

/// <summary>Creates HyTra spaces through the plugin host, with options set by property name.</summary>
internal static class HyTraFixture
{
    /// <summary>CPU-scale map sizes of levels 0..3 for 32 and 28 px (stride-2 chain, rounding up).</summary>
    public static readonly IReadOnlyDictionary<int, int[]> Sizes = new Dictionary<int, int[]>
    {
        [32] = [4, 8, 16, 32],
        [28] = [4, 7, 14, 28],
    };

    /// <summary>Default widths of levels 0..3.</summary>
    public static readonly int[] Widths = [128, 64, 64, 64];

    public static object Options(params (string Name, object Value)[] settings) =>
        ComponentOptions.Of(ComponentKind.SearchSpace, "hytra", settings);

    public static ISearchSpace Create(params (string Name, object Value)[] settings) =>
        TestPlugins.Host.Create<ISearchSpace>(ComponentKind.SearchSpace, "hytra", Options(settings));

    /// <summary>The paper's ImageNet scale.</summary>
    public static (string, object)[] PaperScale =>
    [
        ("Stem", "imagenet"), ("Widths", new[] { 2048, 1024, 512, 256 }), ("StemChannels", 64), ("DimHead", 64),
    ];

    /// <summary>Level of an op index with 4 levels (BossNAS: op // 2 below 4, else op − 2).</summary>
    public static int Level(int op) => op < 4 ? op / 2 : op - 2;

    /// <summary>Whether op <paramref name="op"/> is attention (0 and 2).</summary>
    public static bool IsAttention(int op) => op is 0 or 2;

    /// <summary>
    /// Attention's matrix products, which no module counter sees: 2·tokens²·(heads·dim_head) per ResAtt, with
    /// heads·dim_head = width / 4 at the default CPU widths.
    /// </summary>
    public static double AttentionMAdds(Architecture arch, int imageSize, int[] widths)
    {
        double total = 0;
        foreach (var op in arch.Blocks.SelectMany(b => b.Ops).Where(IsAttention))
        {
            int level = Level(op), side = Sizes[imageSize][level];
            double tokens = side * side;
            total += 2 * tokens * tokens * (widths[level] / 4);
        }
        return total;
    }
}
