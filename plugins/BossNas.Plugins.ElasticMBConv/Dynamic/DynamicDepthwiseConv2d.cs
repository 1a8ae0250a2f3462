using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.ElasticMBConv.Dynamic;

/// <summary>
/// A depthwise convolution holding the largest kernel [maxChannels, 1, maxK, maxK]: a child with c channels and kernel k
/// uses the first c filters' centre k×k (BigNAS/AttentiveNAS's centre crop, no kernel transformation).
/// </summary>
internal sealed class DynamicDepthwiseConv2d : nn.Module
{
    private readonly Parameter weight;
    private readonly int _stride;

    public DynamicDepthwiseConv2d(int maxChannels, int maxKernel, int stride) : base(nameof(DynamicDepthwiseConv2d))
    {
        weight = new Parameter(empty(maxChannels, 1, maxKernel, maxKernel));
        using (no_grad()) nn.init.kaiming_uniform_(weight, a: Math.Sqrt(5));
        _stride = stride;
        RegisterComponents();
    }

    public Parameter Weight => weight;

    public int MaxKernel => (int)weight.shape[2];

    public int Stride => _stride;

    /// <summary>The first <paramref name="channels"/> filters' centre <paramref name="kernel"/>×<paramref name="kernel"/> (a view).</summary>
    public Tensor Slice(long channels, int kernel)
    {
        if (kernel > MaxKernel || kernel % 2 == 0 || channels > weight.shape[0])
            throw new ArgumentException($"depthwise slice of {channels} channels, kernel {kernel} exceeds [{weight.shape[0]}, {MaxKernel}]");
        int start = (MaxKernel - kernel) / 2;
        return weight.narrow(0, 0, channels).narrow(2, start, kernel).narrow(3, start, kernel);
    }

    /// <summary>Convolves each of <paramref name="x"/>'s channels with its centre-cropped filter; padding k / 2.</summary>
    public Tensor Forward(Tensor x, int kernel)
    {
        using var scope = NewDisposeScope();
        long c = x.shape[1];
        return nn.functional.conv2d(x, Slice(c, kernel), null, [_stride, _stride], [kernel / 2, kernel / 2], groups: c)
            .MoveToOuterDisposeScope();
    }
}
