using BossNas.Core.Architectures;
using BossNas.Core.Nn;

namespace BossNas.Plugins.MBConv;

/// <summary>
/// Analytic MAdds and parameters of the stand-alone MBConv network, counted as the papers do (convolutions and the
/// linear layer; BN adds parameters only; pooling, activations, gates and additions are free).
/// </summary>
internal static class MBConvCost
{
    public static Cost Of(MBConvLayout layout, Architecture architecture)
    {
        var o = layout.Options;
        int sh = layout.StemH, sw = layout.StemW;
        var cost = Counting.Conv(layout.Input.Channels, o.StemChannels, 3, sh, sw) + Counting.BatchNorm(o.StemChannels)
                   + Counting.Conv(o.StemChannels, o.StemChannels, 3, sh, sw, groups: o.StemChannels)
                   + Counting.BatchNorm(o.StemChannels)
                   + SqueezeExcite(o.StemChannels, o.StemChannels, o.SeRatio)
                   + Counting.Conv(o.StemChannels, o.FirstChannels, 1, sh, sw) + Counting.BatchNorm(o.FirstChannels);

        foreach (var block in layout.Layers)
            foreach (var g in block)
                cost += Layer(g.In, g.Out, layout.Ops[architecture.Blocks[g.Block][g.Layer]], g.Stride,
                    g.InH, g.InW, g.OutH, g.OutW, o.SeRatio);

        int c = layout.FeatureChannels, h = layout.FeatureH, w = layout.FeatureW;
        if (o.LastChannels > 0)
        {
            cost += Layer(c, o.LastChannels, MBConvOp.Candidates[0], 1, h, w, h, w, o.SeRatio);
            c = o.LastChannels;
        }
        if (o.HeadChannels > 0)
        {
            cost += Counting.Conv(c, o.HeadChannels, 1, h, w) + Counting.BatchNorm(o.HeadChannels);
            c = o.HeadChannels;
        }
        return cost + Counting.Linear(c, layout.Input.Classes);
    }

    /// <summary>One MBConv layer: branch plus residual (the residual conv runs after the pooling, at output size).</summary>
    public static Cost Layer(int cin, int cout, MBConvOp op, int stride, int inH, int inW, int outH, int outW, double seRatio)
    {
        var residual = cin != cout ? Counting.Conv(cin, cout, 1, outH, outW) + Counting.BatchNorm(cout) : default;
        if (op.IsSkip) return residual;
        int mid = op.Mid(cin);
        var cost = Counting.Conv(cin, mid, 1, inH, inW) + Counting.BatchNorm(mid)
                   + Counting.Conv(mid, mid, op.Kernel, outH, outW, groups: mid) + Counting.BatchNorm(mid)
                   + SqueezeExcite(mid, cin, seRatio)
                   + Counting.Conv(mid, cout, 1, outH, outW) + Counting.BatchNorm(cout);
        return cost + residual;
    }

    /// <summary>SE on <paramref name="channels"/> with a bottleneck of a ratio of <paramref name="baseChannels"/>: two 1x1 convs with bias on a 1x1 map.</summary>
    private static Cost SqueezeExcite(int channels, int baseChannels, double ratio)
    {
        if (ratio <= 0) return default;
        int reduced = MBConvOp.SeReduced(baseChannels, ratio);
        return Counting.Conv(channels, reduced, 1, 1, 1, bias: true) + Counting.Conv(reduced, channels, 1, 1, 1, bias: true);
    }
}
