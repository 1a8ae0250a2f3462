using BossNas.Core.Architectures;
using BossNas.Core.Nn;

namespace BossNas.Plugins.ElasticMBConv;

/// <summary>
/// Analytic cost of a child's stand-alone network (XNAS's <c>compute_active_subnet_flops</c> terms: every conv at its
/// sliced shape over its output map, the classifier; BN parameters; the resize is not counted).
/// </summary>
internal static class ElasticCost
{
    public static Cost Of(ElasticLayout layout, ChildConfig child, InputShape input)
    {
        var o = layout.Options;
        int side = ElasticLayout.Down(child.Resolution, o.FirstStride);
        var cost = Counting.Conv(input.Channels, child.FirstWidth, 3, side, side) + Counting.BatchNorm(child.FirstWidth);
        int cin = child.FirstWidth;
        for (int s = 0; s < layout.Stages; s++)
        {
            var sc = child.Stages[s];
            bool expands = layout.Expands(s);
            for (int l = 0; l < sc.Depth; l++)
            {
                int stride = l == 0 ? o.StageStrides[s] : 1;
                int outSide = ElasticLayout.Down(side, stride);
                int mid = expands ? ElasticLayout.Mid(cin, sc.Expansion) : cin;
                if (expands) cost += Counting.Conv(cin, mid, 1, side, side) + Counting.BatchNorm(mid);
                cost += Counting.Conv(mid, mid, sc.Kernel, outSide, outSide, groups: mid) + Counting.BatchNorm(mid)
                        + Counting.Conv(mid, sc.Width, 1, outSide, outSide) + Counting.BatchNorm(sc.Width);
                if (cin != sc.Width) cost += Counting.Conv(cin, sc.Width, 1, outSide, outSide) + Counting.BatchNorm(sc.Width);
                (cin, side) = (sc.Width, outSide);
            }
        }
        if (o.LastChannels > 0)
        {
            cost += Counting.Conv(cin, o.LastChannels, 1, side, side) + Counting.BatchNorm(o.LastChannels);
            cin = o.LastChannels;
        }
        return cost + Counting.Linear(cin, input.Classes);
    }
}
