using BossNas.Core.Context;
using static TorchSharp.torch;

namespace BossNas.Engine.Data.Augment;

/// <summary>Per-sample random draws of a batch as tensors, from a seeded .NET stream (no libtorch RNG).</summary>
internal static class BatchRandom
{
    /// <summary>[B] floats uniform in [lo, hi), shaped [B,1,1,1] for broadcasting.</summary>
    public static Tensor Uniform(SeededRandom rng, long b, double lo, double hi) =>
        tensor(Enumerable.Range(0, (int)b).Select(_ => (float)rng.Uniform(lo, hi)).ToArray()).view(b, 1, 1, 1);

    /// <summary>[B,1,1,1] mask (1 with probability p) as float.</summary>
    public static Tensor Mask(SeededRandom rng, long b, double p) =>
        tensor(Enumerable.Range(0, (int)b).Select(_ => rng.Bernoulli(p) ? 1f : 0f).ToArray()).view(b, 1, 1, 1);

    /// <summary>Blends per sample: mask·a + (1−mask)·b.</summary>
    public static Tensor Where(Tensor mask, Tensor a, Tensor b) => a.mul(mask).add_(b.mul(mask.neg().add_(1)));
}
