using BossNas.Core.Architectures;
using BossNas.Core.Nn;
using BossNas.Plugins.HyTra.Standalone;
using C = BossNas.Core.Nn.Counting;

namespace BossNas.Plugins.HyTra;

/// <summary>
/// Analytic cost of the stand-alone networks, counted as BossNAS's <c>boss_madds.py</c> counts: conv and linear
/// multiply-adds (the FC included; the 1x1 conv before a stride-2 PEG at its input resolution), the PEG depthwise
/// convs, and attention's two matrix products (QKᵀ and attention·V, tokens²·dim each; <c>boss_madds.py</c> has
/// them as <c>attention_logit_qk_madds</c> and <c>v_accumulation_madds</c>). BatchNorm and activations cost no
/// MAdds. Parameters are all of the network's, BatchNorm included (<c>boss_madds.py</c> leaves BN out, ~0.1 %).
/// Mirrors the module code exactly, so it equals <see cref="ModuleCounter"/> plus attention products.
/// </summary>
internal static class HyTraCost
{
    public static Cost Of(HyTraLayout layout, Architecture architecture, InputShape input) =>
        layout.Options.Standalone == "bossnet"
            ? BossNet(layout, architecture, input)
            : PathForm(layout, architecture, input);

    public static Cost PathForm(HyTraLayout layout, Architecture architecture, InputShape input)
    {
        var sizes = layout.Sizes(input);
        var cost = StemCost(layout, input, sizes);
        int level = layout.Finest;
        for (int b = 0; b < architecture.Blocks.Count; b++)
        {
            var path = architecture.Blocks[b];
            for (int i = 0; i < path.Length; i++)
            {
                var op = layout.Ops[path[i]];
                var entry = HyTraPathRules.EntryOf(b, i, level, op.Level);
                if (entry == Entry.Stem) cost += Adapter(layout, op.Level, sizes);
                cost += SearchOp(layout, op, entry, sizes);
                level = op.Level;
            }
        }
        return cost + C.Linear(layout.Widths[level], input.Classes);
    }

    public static Cost BossNet(HyTraLayout layout, Architecture architecture, InputShape input)
    {
        var sizes = layout.Sizes(input);
        var cost = StemCost(layout, input, sizes);
        int inChannels = layout.StemChannels;
        int hIn = sizes.Heights[layout.Finest], wIn = sizes.Widths[layout.Finest];
        foreach (var stage in BossNetPlan.Stages(layout, architecture))
        {
            int level = stage.Level, outChannels = layout.Widths[level];
            int h = sizes.Heights[level], w = sizes.Widths[level];
            if (stage.Layers.Count == 0) cost += C.Conv(inChannels, outChannels, 3, h, w) + C.BatchNorm(outChannels);
            for (int j = 0; j < stage.Layers.Count; j++)
            {
                int stride = j == 0 ? stage.Stride : 1;
                if (stride != 1 || inChannels != outChannels)
                    cost += C.Conv(inChannels, outChannels, 1, h, w) + C.BatchNorm(outChannels);
                if (stage.Layers[j] == Primitive.ResConv)
                {
                    int planes = outChannels / 4;
                    cost += C.Conv(inChannels, planes, 1, hIn, wIn) + Peg(planes, h, w) + C.BatchNorm(planes)
                            + C.Conv(planes, planes, 3, h, w) + C.BatchNorm(planes)
                            + C.Conv(planes, outChannels, 1, h, w) + C.BatchNorm(outChannels);
                    if (layout.Options.Se)
                    {
                        int rd = SqueezeExcite.ReducedChannels(outChannels);
                        cost += C.Conv(outChannels, rd, 1, 1, 1, bias: true) + C.Conv(rd, outChannels, 1, 1, 1, bias: true);
                    }
                }
                else
                {
                    int attnIn = layout.Heads(level) * layout.DimHead;
                    cost += C.Conv(inChannels, attnIn, 1, hIn, wIn) + Peg(attnIn, h, w) + C.BatchNorm(attnIn)
                            + Attention(layout, level, attnIn, outChannels, sizes);
                }
                inChannels = outChannels;
                hIn = h;
                wIn = w;
            }
            inChannels = outChannels;
            hIn = h;
            wIn = w;
        }
        return cost + C.Linear(inChannels, input.Classes);
    }

    private static Cost StemCost(HyTraLayout layout, InputShape input, LevelSizes sizes) =>
        (layout.ImageNetStem
            ? C.Conv(input.Channels, layout.StemChannels, 7, sizes.StemConvHeight, sizes.StemConvWidth)
            : C.Conv(input.Channels, layout.StemChannels, 3, input.Height, input.Width))
        + C.BatchNorm(layout.StemChannels);

    private static Cost Adapter(HyTraLayout layout, int level, LevelSizes sizes)
    {
        int s = layout.StemChannels, h = sizes.Heights[level], w = sizes.Widths[level], k = 1 << (layout.Finest - level);
        var depthwise = k > 1 ? C.Conv(s, s, k, h, w, groups: s) : new Cost(0, 0);
        return depthwise + C.Conv(s, layout.Bottleneck(level), 1, h, w) + C.BatchNorm(layout.Bottleneck(level));
    }

    /// <summary>A search op (also the path form's op) with the one branch <paramref name="entry"/> uses.</summary>
    private static Cost SearchOp(HyTraLayout layout, HyTraOp op, Entry entry, LevelSizes sizes)
    {
        int level = op.Level, outChannels = layout.Widths[level], planes = outChannels / 4;
        int h = sizes.Heights[level], w = sizes.Widths[level];
        var cost = new Cost(0, 0);
        if (entry == Entry.Down)
        {
            int up = layout.Widths[level + 1], hu = sizes.Heights[level + 1], wu = sizes.Widths[level + 1];
            cost += C.Conv(up, outChannels, 3, h, w) + C.BatchNorm(outChannels);
            cost += C.Conv(up, planes, 1, hu, wu) + Peg(planes, h, w) + C.BatchNorm(planes);
        }
        else
        {
            int inChannels = entry == Entry.Stem ? planes : outChannels;
            if (inChannels != outChannels) cost += C.Conv(inChannels, outChannels, 1, h, w) + C.BatchNorm(outChannels);
            cost += C.Conv(inChannels, planes, 1, h, w) + Peg(planes, h, w) + C.BatchNorm(planes);
        }
        if (op.Primitive == Primitive.ResConv)
        {
            return cost + C.Conv(planes, planes, 3, h, w) + C.BatchNorm(planes)
                   + C.Conv(planes, outChannels, 1, h, w) + C.BatchNorm(outChannels);
        }
        return cost + Attention(layout, level, planes, outChannels, sizes);
    }

    /// <summary>qkv conv, the attention products, BN, output conv and its BN.</summary>
    private static Cost Attention(HyTraLayout layout, int level, int attnIn, int outChannels, LevelSizes sizes)
    {
        int inner = layout.Heads(level) * layout.DimHead, h = sizes.Heights[level], w = sizes.Widths[level];
        return C.Conv(attnIn, 3 * inner, 1, h, w) + C.AttentionProducts(sizes.Tokens(level), inner)
               + C.BatchNorm(inner) + C.Conv(inner, outChannels, 1, h, w) + C.BatchNorm(outChannels);
    }

    private static Cost Peg(int channels, int h, int w) => C.Conv(channels, channels, 3, h, w, groups: channels, bias: true);
}
