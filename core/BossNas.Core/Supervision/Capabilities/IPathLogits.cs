using BossNas.Core.Architectures;
using static TorchSharp.torch;

namespace BossNas.Core.Supervision.Capabilities;

/// <summary>
/// A strategy whose trained modules classify images along one architecture's path through the supernet (a single-path
/// strategy's classifier head). Evaluators that rate by validation accuracy need this, not a particular strategy.
/// </summary>
public interface IPathLogits
{
    /// <summary>Logits [B, classes] of <paramref name="architecture"/>'s path for <paramref name="images"/>.</summary>
    Tensor Logits(Tensor images, Architecture architecture);
}
