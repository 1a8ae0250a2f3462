using System.Globalization;
using BossNas.Core.Architectures;
using BossNas.Core.Spaces;
using BossNas.Plugins.MBConv.Ops;

namespace BossNas.Plugins.MBConv;

/// <summary>
/// The stand-alone network as a latency table sees it: the stem, each searched layer (its op at the layer's fixed
/// widths, stride and map size) and the fixed head (last layer, head conv, pooling, classifier).
/// </summary>
internal static class MBConvLayers
{
    /// <summary>The layers of <paramref name="architecture"/>'s network, in forward order.</summary>
    public static IReadOnlyList<NetworkLayer> Of(MBConvLayout layout, Architecture architecture) =>
        [Stem(layout), .. layout.Layers.SelectMany(b => b).Select(g => Layer(layout, g, layout.Ops[architecture.Blocks[g.Block][g.Layer]])), Head(layout)];

    /// <summary>Every layer of the space: the stem, each op at each searched position, the head.</summary>
    public static IReadOnlyList<NetworkLayer> All(MBConvLayout layout) =>
        NetworkLayer.Distinct([Stem(layout), .. layout.Layers.SelectMany(b => b).SelectMany(g => layout.Ops.Select(op => Layer(layout, g, op))), Head(layout)]);

    private static string Se(MBConvLayout layout) => layout.Options.SeRatio.ToString("G4", CultureInfo.InvariantCulture);

    private static NetworkLayer Stem(MBConvLayout layout)
    {
        var (i, o) = (layout.Input, layout.Options);
        return new NetworkLayer($"stem {i.Channels}->{o.StemChannels}->{o.FirstChannels} s{o.StemStride} se{Se(layout)}",
            new FeatureShape(i.Channels, i.Height, i.Width), () => new Stem(i.Channels, o.StemChannels, o.FirstChannels, o.StemStride, o.SeRatio));
    }

    private static NetworkLayer Layer(MBConvLayout layout, LayerGeometry g, MBConvOp op) =>
        new($"{op.Name} {g.In}->{g.Out} s{g.Stride} se{Se(layout)}", new FeatureShape(g.In, g.InH, g.InW),
            () => new MBLayer(g.In, g.Out, op, g.Stride, layout.Options.SeRatio));

    private static NetworkLayer Head(MBConvLayout layout)
    {
        var o = layout.Options;
        return new NetworkLayer($"head last{o.LastChannels} se{Se(layout)} conv{o.HeadChannels} pool linear {layout.FeatureChannels}->{layout.Input.Classes}",
            new FeatureShape(layout.FeatureChannels, layout.FeatureH, layout.FeatureW), () => MBConvNetwork.Head(layout));
    }
}
