using static TorchSharp.torch;

namespace BossNas.Core.Spaces;

/// <summary>
/// A stand-alone network (<see cref="ISearchSpace.CreateStandalone"/>) that can stop before its classifier: its
/// features equal the supernet's <see cref="Supernet.ForwardFeatures"/> along the same architecture once weights are
/// inherited. The conformance suite checks weight inheritance through it; distillation and export use it too.
/// </summary>
/// <remarks>
/// The network also runs piece by piece, split at the space's blocks: <see cref="ForwardStem"/>, then
/// <see cref="ForwardBlock"/> for every block in order, then <see cref="ForwardHead"/> gives exactly the output of the
/// whole network (DNA splits its teacher this way).
/// </remarks>
public interface IStandaloneNetwork
{
    /// <summary>Number of searched blocks (the space's block count).</summary>
    int BlockCount { get; }

    /// <summary>The output of the last searched block for a batch of images.</summary>
    Tensor ForwardFeatures(Tensor images);

    /// <summary>The stem: what the first searched block receives.</summary>
    Tensor ForwardStem(Tensor images);

    /// <summary>Searched block <paramref name="block"/> on the output of the block before it (or of the stem).</summary>
    Tensor ForwardBlock(int block, Tensor x);

    /// <summary>Everything after the last searched block (fixed layers, pooling, classifier): the logits.</summary>
    Tensor ForwardHead(Tensor features);
}
