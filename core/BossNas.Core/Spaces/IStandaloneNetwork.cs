using static TorchSharp.torch;

namespace BossNas.Core.Spaces;

/// <summary>
/// A stand-alone network (<see cref="ISearchSpace.CreateStandalone"/>) that can stop before its classifier: its
/// features equal the supernet's <see cref="Supernet.ForwardFeatures"/> along the same architecture once weights are
/// inherited. The conformance suite checks weight inheritance through it; distillation and export use it too.
/// </summary>
public interface IStandaloneNetwork
{
    /// <summary>The output of the last searched block for a batch of images.</summary>
    Tensor ForwardFeatures(Tensor images);
}
