using BossNas.Core.Components;
using BossNas.Core.Architectures;
using BossNas.Core.Nn;

namespace BossNas.Plugins.HyTra;

/// <summary>Map sizes of every level for one input, and the size right after the stem's first conv.</summary>
/// <param name="Heights">Height per level.</param>
/// <param name="Widths">Width per level.</param>
/// <param name="StemConvHeight">Height after the stem's first convolution.</param>
/// <param name="StemConvWidth">Width after the stem's first convolution.</param>
internal sealed record LevelSizes(int[] Heights, int[] Widths, int StemConvHeight, int StemConvWidth)
{
    /// <summary>Number of positions (attention tokens) of a level.</summary>
    public int Tokens(int level) => Heights[level] * Widths[level];
}

/// <summary>
/// The constants a <see cref="HyTraOptions"/> fixes: the op catalogue, widths, heads, the levels each block offers,
/// and the map size of each level for an input.
/// </summary>
internal sealed class HyTraLayout
{
    /// <summary>Attention exists at the coarsest two levels only (BossNAS: <c>depth == 0 or depth == 1</c>).</summary>
    public const int AttentionLevels = 2;

    public HyTraLayout(HyTraOptions options)
    {
        options.ThrowIfInvalid("hytra");
        Options = options;
        Levels = options.Levels;
        Widths = options.Widths.ToArray();
        StageDepths = options.StageDepths.ToArray();
        var ops = new List<HyTraOp>();
        for (int level = 0; level < Levels; level++)
        {
            if (level < AttentionLevels) ops.Add(new HyTraOp(ops.Count, level, Primitive.ResAtt));
            ops.Add(new HyTraOp(ops.Count, level, Primitive.ResConv));
        }
        Ops = ops;
    }

    public HyTraOptions Options { get; }

    public int Levels { get; }

    /// <summary>The stem's level: the finest.</summary>
    public int Finest => Levels - 1;

    public IReadOnlyList<int> Widths { get; }

    public IReadOnlyList<int> StageDepths { get; }

    public IReadOnlyList<HyTraOp> Ops { get; }

    public int Blocks => Options.Blocks;

    public int LayersPerBlock => Options.LayersPerBlock;

    public bool AnyStartInBlock0 => Options.PathRule == "all";

    public int StemChannels => Options.StemChannels;

    public int DimHead => Options.DimHead;

    public bool ImageNetStem => Options.Stem == "imagenet";

    /// <summary>Bottleneck width of a level: width / 4 (ResNet expansion 4; BoTNet proj_factor 4).</summary>
    public int Bottleneck(int level) => Widths[level] / 4;

    /// <summary>Attention heads of a level: bottleneck / dim_head.</summary>
    public int Heads(int level) => Math.Max(1, Bottleneck(level) / DimHead);

    /// <summary>Ops offered by block <paramref name="block"/>: those of levels below its stage depth.</summary>
    public int OpsInBlock(int block) => Ops.Count(o => o.Level < StageDepths[block]);

    /// <summary>Ops of one level, in index order.</summary>
    public IEnumerable<HyTraOp> OpsAt(int level) => Ops.Where(o => o.Level == level);

    public int LevelOf(int op) => Ops[op].Level;

    /// <summary>
    /// Map sizes: the stem's output is the finest level, each coarser level halves it rounding up, as a
    /// stride-2 3x3 conv with padding 1 does (32 -> 16, 8, 4; 28 -> 14, 7, 4).
    /// </summary>
    public LevelSizes Sizes(InputShape input)
    {
        int h = input.Height, w = input.Width, ch = h, cw = w;
        if (ImageNetStem)
        {
            ch = Counting.OutSize(h, 7, 2, 3);
            cw = Counting.OutSize(w, 7, 2, 3);
            h = Counting.OutSize(ch, 3, 2, 1);
            w = Counting.OutSize(cw, 3, 2, 1);
        }
        var hs = new int[Levels];
        var ws = new int[Levels];
        hs[Finest] = h;
        ws[Finest] = w;
        for (int l = Finest - 1; l >= 0; l--)
        {
            hs[l] = (hs[l + 1] + 1) / 2;
            ws[l] = (ws[l + 1] + 1) / 2;
        }
        return new LevelSizes(hs, ws, ch, cw);
    }
}
