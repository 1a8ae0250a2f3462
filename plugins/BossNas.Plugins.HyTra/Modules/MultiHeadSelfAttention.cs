using BossNas.Core.Nn.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.HyTra.Modules;

/// <summary>
/// Multi-head self-attention over the positions of a feature map (BoTNet's MHSA without relative positions; PEG
/// supplies positions). A 1x1 conv makes q, k, v; logits = q·k / sqrt(dim_head), softmax over the keys, and
/// out_i = sum_j attn[i, j] v_j, i.e. <c>v @ attnᵀ</c>: standard attention, as BossNAS's retraining code uses
/// since commit bb8b26a (its search code has <c>v @ attn</c>, a transposed aggregation we do not copy).
/// </summary>
internal sealed class MultiHeadSelfAttention : nn.Module<Tensor, Tensor>, BossNas.Core.Nn.IMAddsCounted, IOnnxExportable
{
    private readonly Conv2d to_qkv;
    private readonly long _heads;
    private readonly long _dimHead;
    private readonly double _scale;

    private readonly bool _transposed;

    /// <param name="dim">Input channels.</param>
    /// <param name="heads">Number of heads.</param>
    /// <param name="dimHead">Channels per head.</param>
    /// <param name="transposed">Aggregate as BossNAS's search code (<c>v @ attn</c>) instead of standard attention.</param>
    public MultiHeadSelfAttention(long dim, long heads, long dimHead, bool transposed = false) : base(nameof(MultiHeadSelfAttention))
    {
        _transposed = transposed;
        _heads = heads;
        _dimHead = dimHead;
        _scale = 1.0 / Math.Sqrt(dimHead);
        to_qkv = nn.Conv2d(dim, 3 * heads * dimHead, 1, bias: false);
        RegisterComponents();
    }

    /// <summary>Total head width, heads · dim_head: the output channels.</summary>
    public long InnerDim => _heads * _dimHead;

    /// <summary>QKᵀ and attention·V: 2 · tokens² · heads · dim_head per image.</summary>
    public double MAdds(Tensor input, Tensor output)
    {
        double tokens = input.shape[2] * input.shape[3];
        return 2 * tokens * tokens * InnerDim;
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], h = x.shape[2], w = x.shape[3], n = h * w;
        // Channel layout as BossNAS: [q heads | k heads | v heads], each head dim_head channels.
        var qkv = to_qkv.call(x).view(b, 3, _heads, _dimHead, n);
        var q = qkv.select(1, 0);
        var k = qkv.select(1, 1);
        var v = qkv.select(1, 2);
        var logits = q.transpose(-2, -1).matmul(k).mul(_scale);   // [b, heads, n(query), n(key)]
        var attn = logits.softmax(-1);
        var output = _transposed ? v.matmul(attn) : v.matmul(attn.transpose(-2, -1));            // [b, heads, dim_head, n(query)]
        return output.reshape(b, _heads * _dimHead, h, w).MoveToOuterDisposeScope();
    }

    /// <summary>The same attention as ONNX nodes; batch and map size are read from the input's shape in the graph.</summary>
    public string ExportOnnx(OnnxGraph graph, string input)
    {
        var qkv = graph.Reshape(graph.Module(to_qkv, input), 0, 3, _heads, _dimHead, -1);
        var q = graph.Select(qkv, 1, 0);
        var k = graph.Select(qkv, 1, 1);
        var v = graph.Select(qkv, 1, 2);
        var logits = graph.Mul(graph.MatMul(graph.Transpose(q, 0, 1, 3, 2), k), graph.Constant((float)_scale));
        var attn = graph.Softmax(logits, -1);
        var output = graph.MatMul(v, _transposed ? attn : graph.Transpose(attn, 0, 1, 3, 2));
        var shape = graph.Concat(0, graph.Shape(input, 0, 1), graph.Constant(new[] { _heads * _dimHead }), graph.Shape(input, 2, 4));
        return graph.Node("Reshape", [output, shape]);
    }
}
