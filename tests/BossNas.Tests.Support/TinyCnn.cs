using static TorchSharp.torch;

namespace BossNas.Tests.Support;

/// <summary>A small CNN for engine tests: conv-BN-ReLU ×2, pooling, linear.</summary>
public static class TinyCnn
{
    /// <summary>Builds it for <paramref name="channels"/>-channel images and <paramref name="classes"/> classes.</summary>
    public static nn.Module<Tensor, Tensor> Create(int channels, int classes, int width = 8) => nn.Sequential(
        ("conv1", nn.Conv2d(channels, width, 3, padding: 1, bias: false)),
        ("bn1", nn.BatchNorm2d(width)),
        ("relu1", nn.ReLU()),
        ("conv2", nn.Conv2d(width, 2 * width, 3, stride: 2, padding: 1, bias: false)),
        ("bn2", nn.BatchNorm2d(2 * width)),
        ("relu2", nn.ReLU()),
        ("pool", nn.AdaptiveAvgPool2d(1)),
        ("flat", nn.Flatten()),
        ("fc", nn.Linear(2 * width, classes)));
}
