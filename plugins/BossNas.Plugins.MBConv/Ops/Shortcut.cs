using static TorchSharp.torch;

namespace BossNas.Plugins.MBConv.Ops;

/// <summary>
/// The residual path of an MBConv layer, always present: identity, or AvgPool2d(2, ceil_mode, count_include_pad=false)
/// when the layer has stride 2, followed by Conv1x1 + BN when the channels change.
/// </summary>
internal static class Shortcut
{
    public static nn.Module<Tensor, Tensor> Create(int inChannels, int outChannels, int stride, bool bnAffine = true)
    {
        var parts = new List<(string, nn.Module<Tensor, Tensor>)>();
        if (stride == 2) parts.Add(("pool", nn.AvgPool2d(2, 2, ceil_mode: true, count_include_pad: false)));
        if (inChannels != outChannels)
        {
            parts.Add(("conv", nn.Conv2d(inChannels, outChannels, 1, bias: false)));
            parts.Add(("bn", nn.BatchNorm2d(outChannels, affine: bnAffine)));
        }
        return parts.Count == 0 ? nn.Identity() : nn.Sequential(parts);
    }
}
