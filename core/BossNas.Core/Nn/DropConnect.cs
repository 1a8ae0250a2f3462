using static TorchSharp.torch;

namespace BossNas.Core.Nn;

/// <summary>Drop-connect (stochastic depth) of a residual branch, per sample, as in EfficientNet and BigNAS.</summary>
public static class DropConnect
{
    /// <summary>
    /// <paramref name="branch"/> [B, ...] with each sample's values zeroed with probability <paramref name="rate"/> and the kept
    /// ones scaled by 1 / (1 − rate) (so the expectation is unchanged); the branch itself when <paramref name="rate"/> is 0
    /// (no random number is drawn).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rate"/> is outside [0, 1).</exception>
    public static Tensor Apply(Tensor branch, double rate)
    {
        if (rate is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(rate), rate, "a drop-connect rate is in [0, 1)");
        if (rate == 0) return branch;
        using var scope = NewDisposeScope();
        var shape = new long[branch.dim()];
        Array.Fill(shape, 1L);
        shape[0] = branch.shape[0];
        var keep = (rand(shape, dtype: branch.dtype, device: branch.device) + (1 - rate)).floor_();
        return (branch / (1 - rate) * keep).MoveToOuterDisposeScope();
    }
}
