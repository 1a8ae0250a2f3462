using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.HyTra.Modules;

/// <summary>The stems: CIFAR scale (conv3x3 stride 1) or ImageNet (ResNet's conv7x7 stride 2 + maxpool).</summary>
internal static class Stem
{
    public static Sequential Create(int inChannels, int stemChannels, bool imageNet, Activation act)
    {
        if (!imageNet)
        {
            return nn.Sequential(("conv", Layers.Conv(inChannels, stemChannels, 3)), ("bn", Layers.Bn(stemChannels)),
                ("act", Layers.ActModule(act)));
        }
        return nn.Sequential(("conv", Layers.Conv(inChannels, stemChannels, 7, 2)), ("bn", Layers.Bn(stemChannels)),
            ("act", Layers.ActModule(act)), ("pool", nn.MaxPool2d(3, stride: 2, padding: 1)));
    }
}
