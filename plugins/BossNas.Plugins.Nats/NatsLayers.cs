using BossNas.Core.Architectures;
using BossNas.Core.Spaces;
using BossNas.Plugins.Nats.Standalone;
using static TorchSharp.torch;

namespace BossNas.Plugins.Nats;

/// <summary>
/// The stand-alone network as a latency table sees it: the stem (conv + BN to c1), the 5 layers (a cell or a reduction
/// block, keyed by input and output width at their fixed map size) and the head (BN, ReLU, pool, classifier on c5).
/// </summary>
internal static class NatsLayers
{
    /// <summary>The layers of the network with widths <paramref name="channels"/>, in forward order.</summary>
    public static IReadOnlyList<NetworkLayer> Of(NatsLayout layout, IReadOnlyList<int> channels)
    {
        var layers = new List<NetworkLayer> { Stem(layout, channels[0]) };
        int cin = channels[0];
        for (int i = 0; i < NatsLayout.LayerCount; i++)
        {
            layers.Add(Layer(layout, i, cin, channels[i]));
            cin = channels[i];
        }
        layers.Add(Head(layout, cin));
        return layers;
    }

    /// <summary>Every layer any width choice gives: each stem and head width, each (input, output) width pair per layer.</summary>
    public static IReadOnlyList<NetworkLayer> All(NatsLayout layout)
    {
        var widths = layout.Options.CandidateWidths;
        var layers = widths.Select(w => Stem(layout, w)).ToList();
        for (int i = 0; i < NatsLayout.LayerCount; i++)
            foreach (int cin in widths)
            foreach (int cout in i == 0 ? [cin] : widths)
                layers.Add(Layer(layout, i, cin, cout));
        layers.AddRange(widths.Select(w => Head(layout, w)));
        return NetworkLayer.Distinct(layers);
    }

    private static NetworkLayer Stem(NatsLayout layout, int c1)
    {
        var input = layout.Input;
        return new NetworkLayer($"stem conv3x3 {input.Channels}->{c1} + BN", new FeatureShape(input.Channels, input.Height, input.Width),
            () => nn.Sequential(NatsNetwork.StemConvolution(input.Channels, c1), nn.BatchNorm2d(c1)));
    }

    private static NetworkLayer Layer(NatsLayout layout, int i, int cin, int cout)
    {
        var shape = new FeatureShape(cin, layout.InH[i], layout.InW[i]);
        return NatsLayout.Kinds[i] == NatsLayerKind.Cell
            ? new NetworkLayer($"cell {cin}->{cout}", shape, () => new Cell(cin, cout))
            : new NetworkLayer($"resblock s2 {cin}->{cout}", shape, () => new ResBlock(cin, cout));
    }

    private static NetworkLayer Head(NatsLayout layout, int c5) =>
        new($"head BN ReLU pool linear {c5}->{layout.Input.Classes}", new FeatureShape(c5, layout.OutH[^1], layout.OutW[^1]),
            () => NatsNetwork.Head(c5, layout.Input.Classes));
}
