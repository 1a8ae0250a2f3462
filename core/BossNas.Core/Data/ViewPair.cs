using static TorchSharp.torch;

namespace BossNas.Core.Data;

/// <summary>Two augmented views of the same images.</summary>
/// <param name="View1">First view, normalised, [B,C,H,W].</param>
/// <param name="View2">Second view, normalised, [B,C,H,W].</param>
public sealed record ViewPair(Tensor View1, Tensor View2) : IDisposable
{
    /// <inheritdoc />
    public void Dispose()
    {
        View1.Dispose();
        View2.Dispose();
    }
}
