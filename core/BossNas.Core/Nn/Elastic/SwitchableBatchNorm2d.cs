using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Core.Nn.Elastic;

/// <summary>
/// One BatchNorm per candidate width (switchable BN): statistics of a 16-channel path are not those of the first 16
/// channels of a 64-channel path, so each width keeps its own. A space built from it declares
/// <see cref="Spaces.WeightSharing.Switchable"/> BatchNorm.
/// </summary>
public sealed class SwitchableBatchNorm2d : nn.Module
{
    private readonly ModuleList<BatchNorm2d> bn;
    private readonly int[] _widths;

    /// <summary>One BatchNorm2d for each of <paramref name="widths"/>, in that order.</summary>
    public SwitchableBatchNorm2d(IReadOnlyList<int> widths) : base(nameof(SwitchableBatchNorm2d))
    {
        _widths = widths.ToArray();
        bn = new ModuleList<BatchNorm2d>();
        foreach (var w in _widths) bn.Add(nn.BatchNorm2d(w));
        RegisterComponents();
    }

    /// <summary>The BN of width index <paramref name="index"/>.</summary>
    public BatchNorm2d Norm(int index) => bn[index];

    /// <summary>Normalises <paramref name="x"/> with the BN of width index <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/>'s channels are not that width.</exception>
    public Tensor Forward(Tensor x, int index)
    {
        if (x.shape[1] != _widths[index])
            throw new ArgumentException($"BN of width {_widths[index]} got {x.shape[1]} channels");
        return bn[index].call(x);
    }
}
