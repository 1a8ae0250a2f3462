using System.Globalization;
using BossNas.Core.Architectures;
using BossNas.Core.Spaces;
using BossNas.Plugins.ElasticMBConv.Standalone;
using static TorchSharp.torch;

namespace BossNas.Plugins.ElasticMBConv;

/// <summary>
/// A child's stand-alone network as a latency table sees it: block 0 (resize, first conv), every active inverted-residual
/// layer at its widths, kernel, expansion, stride and map side, and the tail (the fixed 1x1 conv, pooling, classifier).
/// </summary>
internal static class ElasticLayers
{
    /// <summary>The layers of <paramref name="child"/>'s network, in forward order.</summary>
    public static IReadOnlyList<NetworkLayer> Of(ElasticLayout layout, ChildConfig child, InputShape input)
    {
        var layers = new List<NetworkLayer> { First(layout, input, child.Resolution, child.FirstWidth) };
        int cin = child.FirstWidth;
        for (int s = 0; s < layout.Stages; s++)
        {
            var sc = child.Stages[s];
            for (int l = 0; l < sc.Depth; l++)
            {
                layers.Add(Layer(layout, s, l, cin, sc.Width, sc.Kernel, sc.Expansion, child.Resolution));
                cin = sc.Width;
            }
        }
        layers.Add(Tail(layout, input, cin, child.Resolution));
        return layers;
    }

    /// <summary>Every layer any child has: per resolution, each first width, each layer position's widths, kernels and expansions, each tail.</summary>
    public static IReadOnlyList<NetworkLayer> All(ElasticLayout layout, InputShape input)
    {
        var o = layout.Options;
        var layers = new List<NetworkLayer>();
        foreach (int r in o.Resolutions)
        {
            layers.AddRange(o.FirstWidths.Select(w => First(layout, input, r, w)));
            for (int s = 0; s < layout.Stages; s++)
            for (int l = 0; l < o.StageDepths[s].Max(); l++)
            foreach (int cin in l > 0 ? o.StageWidths[s] : s == 0 ? o.FirstWidths : o.StageWidths[s - 1])
            foreach (int cout in o.StageWidths[s])
            foreach (int k in o.StageKernels[s])
            foreach (double e in o.StageExpansions[s])
                layers.Add(Layer(layout, s, l, cin, cout, k, e, r));
            layers.AddRange(o.StageWidths[^1].Select(c => Tail(layout, input, c, r)));
        }
        return NetworkLayer.Distinct(layers);
    }

    private static NetworkLayer First(ElasticLayout layout, InputShape input, int resolution, int width)
    {
        var o = layout.Options;
        return new NetworkLayer($"resize{resolution} conv3x3 s{o.FirstStride} {input.Channels}->{width}", new FeatureShape(input.Channels, input.Height, input.Width),
            () => new StaticFirst(input.Channels, width, o.FirstStride, resolution, o.BnMomentum));
    }

    private static NetworkLayer Layer(ElasticLayout layout, int stage, int layer, int cin, int cout, int kernel, double expansion, int resolution)
    {
        var o = layout.Options;
        bool expands = layout.Expands(stage);
        int mid = expands ? ElasticLayout.Mid(cin, expansion) : cin;
        int stride = layer == 0 ? o.StageStrides[stage] : 1;
        int side = layer == 0 ? layout.Side(stage, resolution) : layout.Side(stage + 1, resolution);
        var key = string.Create(CultureInfo.InvariantCulture, $"mbconv {cin}->{mid}->{cout} k{kernel} s{stride}{(expands ? "" : " no-expand")}");
        return new NetworkLayer(key, new FeatureShape(cin, side, side), () => new StaticLayer(cin, cout, mid, kernel, stride, expands, o.BnMomentum));
    }

    private static NetworkLayer Tail(ElasticLayout layout, InputShape input, int cin, int resolution)
    {
        var o = layout.Options;
        int side = layout.Side(layout.Stages, resolution);
        int pooled = o.LastChannels > 0 ? o.LastChannels : cin;
        return new NetworkLayer($"tail conv1x1 {cin}->{o.LastChannels} pool linear {pooled}->{input.Classes}", new FeatureShape(cin, side, side), () =>
        {
            var tail = new List<(string, nn.Module<Tensor, Tensor>)>();
            if (o.LastChannels > 0)
            {
                tail.Add(("last_conv", nn.Conv2d(cin, o.LastChannels, 1, bias: false)));
                tail.Add(("last_bn", nn.BatchNorm2d(o.LastChannels, momentum: o.BnMomentum)));
                tail.Add(("last_act", nn.SiLU()));
            }
            tail.Add(("pool", nn.AdaptiveAvgPool2d(1)));
            tail.Add(("flatten", nn.Flatten()));
            tail.Add(("classifier", nn.Linear(pooled, input.Classes)));
            return nn.Sequential(tail);
        });
    }
}
