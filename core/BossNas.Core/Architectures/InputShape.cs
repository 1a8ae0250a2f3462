namespace BossNas.Core.Architectures;

/// <summary>The shape of the images a network is built for, and its number of classes.</summary>
/// <param name="Channels">Image channels (1 for Fashion-MNIST, 3 for CIFAR-10).</param>
/// <param name="Height">Image height in pixels.</param>
/// <param name="Width">Image width in pixels.</param>
/// <param name="Classes">Number of classes of the classifier head.</param>
public readonly record struct InputShape(int Channels, int Height, int Width, int Classes)
{
    /// <inheritdoc />
    public override string ToString() => $"{Channels}x{Height}x{Width}, {Classes} classes";
}
