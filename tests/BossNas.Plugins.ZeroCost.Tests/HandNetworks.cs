using BossNas.Plugins.ZeroCost;
using static TorchSharp.torch;

namespace BossNas.Plugins.ZeroCost.Tests;

/// <summary>Tiny networks with chosen weights, and the plain-arithmetic softmax cross-entropy the hand computations use.</summary>
internal static class HandNetworks
{
    /// <summary>W1 (3×2) and W2 (2×3) of a two-layer linear network without biases.</summary>
    public static readonly double[,] W1 = { { 1, -2 }, { 3, 0.5 }, { -1, 1 } };

    /// <inheritdoc cref="W1"/>
    public static readonly double[,] W2 = { { 2, -1, 0.5 }, { 1, 1, -3 } };

    public static nn.Module<Tensor, Tensor> Linear(double[,] w, double[]? bias = null)
    {
        var layer = nn.Linear(w.GetLength(1), w.GetLength(0), hasBias: bias is not null, dtype: ScalarType.Float64);
        using var noGrad = no_grad();
        layer.weight!.copy_(tensor(w));
        if (bias is not null) layer.bias!.copy_(tensor(bias));
        return layer;
    }

    /// <summary>x → W2 · (W1 · x), optionally with a BatchNorm1d between that must not matter to SynFlow.</summary>
    public static nn.Module<Tensor, Tensor> TwoLayer(bool batchNorm = false) =>
        batchNorm
            ? nn.Sequential(("fc1", Linear(W1)), ("bn", nn.BatchNorm1d(3, dtype: ScalarType.Float64)), ("fc2", Linear(W2)))
            : nn.Sequential(("fc1", Linear(W1)), ("fc2", Linear(W2)));

    public static ProxyBatch Batch(double[,] x, long[] y) => new(tensor(x), tensor(y));

    /// <summary>Logits W x + b of one sample.</summary>
    public static double[] Logits(double[,] w, double[] b, double[] x) =>
        Enumerable.Range(0, w.GetLength(0)).Select(k => b[k] + Enumerable.Range(0, x.Length).Sum(i => w[k, i] * x[i])).ToArray();

    /// <summary>∂L/∂z of the mean cross-entropy over <paramref name="n"/> samples, for one sample: (softmax(z) − e_y) / n.</summary>
    public static double[] LogitGradient(double[] z, long y, int n)
    {
        double max = z.Max();
        var e = z.Select(v => Math.Exp(v - max)).ToArray();
        double s = e.Sum();
        return e.Select((v, k) => (v / s - (k == y ? 1 : 0)) / n).ToArray();
    }

    /// <summary>∂L/∂W of a linear layer (mean cross-entropy): Σ_n (∂L/∂z_n) x_nᵀ.</summary>
    public static double[,] WeightGradient(double[,] w, double[] b, double[,] xs, long[] ys)
    {
        int n = xs.GetLength(0), d = xs.GetLength(1), k = w.GetLength(0);
        var g = new double[k, d];
        for (int s = 0; s < n; s++)
        {
            var x = Enumerable.Range(0, d).Select(i => xs[s, i]).ToArray();
            var dz = LogitGradient(Logits(w, b, x), ys[s], n);
            for (int r = 0; r < k; r++)
                for (int c = 0; c < d; c++)
                    g[r, c] += dz[r] * x[c];
        }
        return g;
    }

    public static IEnumerable<double> Cells(double[,] m) => m.Cast<double>();
}
