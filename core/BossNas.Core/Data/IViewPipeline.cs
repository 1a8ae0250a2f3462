using BossNas.Core.Context;
using static TorchSharp.torch;

namespace BossNas.Core.Data;

/// <summary>
/// An augmentation pipeline that makes one view of a batch, registered by name
/// (<c>[Component(ComponentKind.ViewPipeline, "name")]</c>) and asked for by a strategy through
/// <see cref="ViewRequest.Pipeline"/>. The host normalises the view afterwards and seeds the generator per
/// (seed, stage, epoch, batch), so views are reproducible and resume exactly.
/// </summary>
public interface IViewPipeline
{
    /// <summary>
    /// View <paramref name="view"/> (0 or 1 of a pair: pipelines may treat them differently, as BYOL does) of
    /// <paramref name="images"/>, a float batch [B,C,H,W] in [0,1]; returns a new batch in [0,1].
    /// </summary>
    Tensor View(Tensor images, int view, SeededRandom rng);
}
