using BossNas.Core.Architectures;
using static TorchSharp.torch;

namespace BossNas.Core.Spaces;

/// <summary>
/// One layer of a stand-alone network as a latency table times it (<see cref="ISearchSpace.Layers"/>): a key naming what
/// it computes (its op and widths, e.g. <c>cell 16-&gt;32</c>), the feature map it receives, and how to build it alone.
/// Two layers with the same <see cref="TableKey"/> take the same time, whichever architecture or position they are in.
/// </summary>
/// <param name="Key">What the layer computes, unique within its space for one input shape (widths, kernel, stride, ...).</param>
/// <param name="Input">The shape of one image's input to the layer (the images for the stem, the features for the head).</param>
/// <param name="Create">Builds the layer alone, freshly initialised; its forward takes [batch, C, H, W] of <paramref name="Input"/>.</param>
public sealed record NetworkLayer(string Key, FeatureShape Input, Func<nn.Module<Tensor, Tensor>> Create)
{
    /// <summary>The key and the input shape: what a latency table stores one timing under.</summary>
    public string TableKey => $"{Key} @ {Input.Channels}x{Input.Height}x{Input.Width}";

    /// <summary>The layers of <paramref name="layers"/> with distinct <see cref="TableKey"/>s, in first-seen order.</summary>
    public static IReadOnlyList<NetworkLayer> Distinct(IEnumerable<NetworkLayer> layers) =>
        layers.DistinctBy(l => l.TableKey, StringComparer.Ordinal).ToList();
}
