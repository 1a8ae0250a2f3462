using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Core.Nn.Elastic;

/// <summary>
/// A convolution whose kernel is shared by every width: a path with input width i and output width o uses
/// <c>weight[:o, :i]</c> of one max-width kernel (BossNAS's SlimmableConv2d, from slimmable networks). No bias.
/// A space built from it declares <see cref="Spaces.WeightSharing.Sliced"/> convolutions.
/// </summary>
public sealed class SlimmableConv2d : nn.Module
{
    private readonly Parameter weight;

    /// <summary>The max-width kernel [maxOut, maxIn, k, k].</summary>
    public Parameter Weight => weight;

    private readonly long[] _stride;
    private readonly long[] _padding;

    /// <summary>A kernel of <paramref name="maxOut"/> × <paramref name="maxIn"/> × k × k, Kaiming-uniform initialised like PyTorch's Conv2d.</summary>
    public SlimmableConv2d(int maxIn, int maxOut, int kernel, int stride, int padding) : base(nameof(SlimmableConv2d))
    {
        weight = new Parameter(empty(maxOut, maxIn, kernel, kernel));
        using (no_grad())
            nn.init.kaiming_uniform_(weight, a: Math.Sqrt(5)); // PyTorch's Conv2d default, as BossNAS leaves it
        _stride = new long[] { stride, stride };
        _padding = new long[] { padding, padding };
        RegisterComponents();
    }

    /// <summary>The kernel a path of <paramref name="cin"/> → <paramref name="cout"/> channels uses (a view).</summary>
    public Tensor Slice(long cin, long cout)
    {
        if (cin > weight.shape[1] || cout > weight.shape[0])
            throw new ArgumentException($"width {cin}->{cout} exceeds the shared kernel {weight.shape[1]}->{weight.shape[0]}");
        return weight.narrow(0, 0, cout).narrow(1, 0, cin);
    }

    /// <summary>Convolves <paramref name="x"/> (its channel count is the input width) to <paramref name="cout"/> channels.</summary>
    public Tensor Forward(Tensor x, long cout)
    {
        using var scope = NewDisposeScope();
        return nn.functional.conv2d(x, Slice(x.shape[1], cout), null, _stride, _padding).MoveToOuterDisposeScope();
    }
}
