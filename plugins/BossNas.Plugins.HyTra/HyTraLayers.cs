using BossNas.Core.Architectures;
using BossNas.Core.Spaces;
using BossNas.Plugins.HyTra.Modules;
using BossNas.Plugins.HyTra.Standalone;
using static TorchSharp.torch;

namespace BossNas.Plugins.HyTra;

/// <summary>
/// The path form of the stand-alone network (<see cref="PathNetwork"/>) as a latency table sees it: the stem, each
/// layer keyed by its op (primitive and level) and how it is entered (from the stem, at its level, down-sampling from
/// the finer level), and the head (pooling, classifier) at the last level. The <c>bossnet</c> form lists no layers.
/// </summary>
internal static class HyTraLayers
{
    /// <summary>The layers of <paramref name="architecture"/>'s path network, in forward order.</summary>
    public static IReadOnlyList<NetworkLayer> Of(HyTraLayout layout, Architecture architecture, InputShape input)
    {
        var sizes = layout.Sizes(input);
        var layers = new List<NetworkLayer> { Stem(layout, input, sizes) };
        int level = layout.Finest;
        for (int b = 0; b < architecture.Blocks.Count; b++)
        {
            var path = architecture.Blocks[b];
            for (int i = 0; i < path.Length; i++)
            {
                var op = layout.Ops[path[i]];
                layers.Add(Layer(layout, sizes, op, HyTraPathRules.EntryOf(b, i, level, op.Level)));
                level = op.Level;
            }
        }
        layers.Add(Head(layout, sizes, level, input.Classes));
        return layers;
    }

    /// <summary>Every layer: the stem, each op entered each way its level allows, the head at each level.</summary>
    public static IReadOnlyList<NetworkLayer> All(HyTraLayout layout, InputShape input)
    {
        var sizes = layout.Sizes(input);
        var layers = new List<NetworkLayer> { Stem(layout, input, sizes) };
        foreach (var op in layout.Ops)
        foreach (var entry in op.Level < layout.Finest ? [Entry.Stem, Entry.Same, Entry.Down] : new[] { Entry.Stem, Entry.Same })
            layers.Add(Layer(layout, sizes, op, entry));
        for (int level = 0; level < layout.Levels; level++) layers.Add(Head(layout, sizes, level, input.Classes));
        return NetworkLayer.Distinct(layers);
    }

    private static FeatureShape At(HyTraLayout layout, LevelSizes sizes, int level, int channels) =>
        new(channels, sizes.Heights[level], sizes.Widths[level]);

    private static NetworkLayer Stem(HyTraLayout layout, InputShape input, LevelSizes sizes) =>
        new($"stem {(layout.ImageNetStem ? "imagenet" : "cifar")} {input.Channels}->{layout.StemChannels}",
            new FeatureShape(input.Channels, input.Height, input.Width),
            () => Modules.Stem.Create(input.Channels, layout.StemChannels, layout.ImageNetStem, Activation.Relu));

    private static NetworkLayer Layer(HyTraLayout layout, LevelSizes sizes, HyTraOp op, Entry entry)
    {
        var shape = entry switch
        {
            Entry.Stem => At(layout, sizes, layout.Finest, layout.StemChannels),
            Entry.Down => At(layout, sizes, op.Level + 1, layout.Widths[op.Level + 1]),
            _ => At(layout, sizes, op.Level, layout.Widths[op.Level]),
        };
        return new NetworkLayer($"{op.Primitive} level {op.Level} from {entry.ToString().ToLowerInvariant()} {shape.Channels}->{layout.Widths[op.Level]}",
            shape, () => PathLayer.Create(layout, op, entry));
    }

    private static NetworkLayer Head(HyTraLayout layout, LevelSizes sizes, int level, int classes) =>
        new($"head pool linear {layout.Widths[level]}->{classes}", At(layout, sizes, level, layout.Widths[level]),
            () => nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(layout.Widths[level], classes)));
}
