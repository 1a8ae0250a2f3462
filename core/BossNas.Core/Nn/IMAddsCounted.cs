using static TorchSharp.torch;

namespace BossNas.Core.Nn;

/// <summary>
/// A module whose multiply-adds happen outside any Conv2d or Linear (attention's QKᵀ and attention·V matrix products),
/// so that <see cref="ModuleCounter"/> can count them: it calls <see cref="MAdds"/> once per forward of the module.
/// </summary>
public interface IMAddsCounted
{
    /// <summary>Multiply-adds of one forward for one image, given the module's input and output of a batch of one.</summary>
    double MAdds(Tensor input, Tensor output);
}
