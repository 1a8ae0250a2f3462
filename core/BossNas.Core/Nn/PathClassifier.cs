using System.Globalization;
using BossNas.Core.Architectures;
using BossNas.Core.Spaces;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Core.Nn;

/// <summary>
/// Logits of a whole path of a supernet: the path's features (<see cref="Supernet.ForwardFeatures"/>), global average
/// pooling, then a linear classifier. One classifier per channel count the last block can output, so spaces whose
/// paths end at different widths or levels (HyTra, NATS) each get a head of the right size. Single-path strategies
/// (SPOS, BigNAS) train it with the supernet; accuracy evaluators read it.
/// </summary>
public sealed class PathClassifier : nn.Module
{
    private readonly ModuleDict<Linear> heads;

    /// <summary>Creates the heads for <paramref name="supernet"/>'s last block and <paramref name="classes"/> classes.</summary>
    public PathClassifier(Supernet supernet, int classes) : base(nameof(PathClassifier))
    {
        heads = new ModuleDict<Linear>();
        foreach (var c in supernet.PossibleBlockOutputs(supernet.BlockCount - 1).Select(s => s.Channels).Distinct().Order())
            heads.Add(Key(c), nn.Linear(c, classes));
        RegisterComponents();
    }

    /// <summary>Logits [B, classes] of <paramref name="architecture"/>'s path through <paramref name="supernet"/>.</summary>
    public Tensor Logits(Supernet supernet, Tensor images, Architecture architecture)
    {
        using var scope = NewDisposeScope();
        var features = supernet.ForwardFeatures(images, architecture);
        return Classify(features).MoveToOuterDisposeScope();
    }

    /// <summary>The linear head for <paramref name="channels"/> input channels, or null when there is none.</summary>
    public Linear? Head(long channels) => heads.TryGetValue(Key(channels), out var head) ? head : null;

    /// <summary>Pools <paramref name="features"/> [B, C, H, W] and applies the head for C channels.</summary>
    /// <exception cref="ArgumentException">No head for C channels.</exception>
    public Tensor Classify(Tensor features)
    {
        var key = Key(features.shape[1]);
        if (!heads.TryGetValue(key, out var head))
            throw new ArgumentException($"no classifier head for {features.shape[1]} channels");
        using var scope = NewDisposeScope();
        return head.call(features.mean(new long[] { 2, 3 })).MoveToOuterDisposeScope();
    }

    private static string Key(long channels) => "c" + channels.ToString(CultureInfo.InvariantCulture);
}
