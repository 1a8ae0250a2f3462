using BossNas.Core.Architectures;

namespace BossNas.Core.Nn;

/// <summary>
/// Analytic cost formulas as the NAS papers count them: a convolution costs one multiply-add per weight per
/// output position; a linear layer one per weight; BatchNorm and activations are not counted as MAdds
/// (BN parameters are counted as parameters).
/// </summary>
public static class Counting
{
    /// <summary>Output side of a convolution or pooling: floor((n + 2p - k) / s) + 1.</summary>
    public static int OutSize(int n, int kernel, int stride, int padding) => (n + 2 * padding - kernel) / stride + 1;

    /// <summary>Cost of a Conv2d with output map <paramref name="hOut"/> x <paramref name="wOut"/>.</summary>
    public static Cost Conv(int cin, int cout, int kernel, int hOut, int wOut, int groups = 1, bool bias = false)
    {
        long weights = (long)cout * (cin / groups) * kernel * kernel;
        return new Cost((double)weights * hOut * wOut, weights + (bias ? cout : 0));
    }

    /// <summary>Cost of a Linear layer applied to one vector (or <paramref name="tokens"/> vectors).</summary>
    public static Cost Linear(int inFeatures, int outFeatures, bool bias = true, int tokens = 1)
    {
        long weights = (long)inFeatures * outFeatures;
        return new Cost((double)weights * tokens, weights + (bias ? outFeatures : 0));
    }

    /// <summary>Parameters of a BatchNorm over <paramref name="channels"/> (weight and bias; no MAdds).</summary>
    public static Cost BatchNorm(int channels) => new(0, 2L * channels);

    /// <summary>
    /// Multi-head self-attention's two matrix products over <paramref name="tokens"/> positions with total
    /// head dimension <paramref name="dim"/>: QKᵀ and attention·V, each tokens²·dim multiply-adds.
    /// </summary>
    public static Cost AttentionProducts(int tokens, int dim) => new(2.0 * tokens * tokens * dim, 0);
}
