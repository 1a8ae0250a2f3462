using BossNas.Core.Nn.Onnx;
using static TorchSharp.torch;

namespace BossNas.Plugins.ElasticMBConv.Dynamic;

/// <summary>
/// Bilinear resizing (PyTorch's <c>interpolate(mode: bilinear, align_corners: false)</c>, no antialiasing) as two matrix
/// products with constant interpolation matrices, y = A_h · x · A_wᵀ, so the ONNX export is two MatMuls with the same
/// constants. A resize to the input's own size is the identity. Not counted as multiply-adds (nor by the references).
/// </summary>
internal static class BilinearResize
{
    /// <summary>The [outSize, inSize] matrix of bilinear interpolation along one axis (half-pixel centres, edges clamped).</summary>
    public static Tensor Matrix(int inSize, int outSize)
    {
        var m = new float[outSize * inSize];
        double scale = (double)inSize / outSize;
        for (int i = 0; i < outSize; i++)
        {
            double src = Math.Max((i + 0.5) * scale - 0.5, 0);
            int i0 = Math.Min((int)Math.Floor(src), inSize - 1);
            int i1 = Math.Min(i0 + 1, inSize - 1);
            double l1 = src - i0, l0 = 1 - l1;
            m[i * inSize + i0] += (float)l0;
            m[i * inSize + i1] += (float)l1;
        }
        return tensor(m, [outSize, inSize]);
    }

    /// <summary><paramref name="x"/> [N, C, H, W] resized to [N, C, size, size].</summary>
    public static Tensor Apply(Tensor x, int size)
    {
        int h = (int)x.shape[2], w = (int)x.shape[3];
        if (h == size && w == size) return x.alias();
        using var scope = NewDisposeScope();
        var ah = Matrix(h, size).to(x.dtype, x.device);
        var aw = Matrix(w, size).to(x.dtype, x.device);
        return matmul(matmul(ah, x), aw.t()).MoveToOuterDisposeScope();
    }

    /// <summary>The ONNX nodes of <see cref="Apply"/> for an input of <paramref name="h"/> × <paramref name="w"/>.</summary>
    public static string Export(OnnxGraph graph, string x, int h, int w, int size)
    {
        if (h == size && w == size) return x;
        using var scope = NewDisposeScope();
        var ah = graph.Initializer(Matrix(h, size));
        var awT = graph.Initializer(Matrix(w, size).t().contiguous());
        return graph.MatMul(graph.MatMul(ah, x), awT);
    }
}
