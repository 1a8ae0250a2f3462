namespace BossNas.Core.Architectures;

/// <summary>Shape of a feature map: channels and spatial size.</summary>
/// <param name="Channels">Number of channels.</param>
/// <param name="Height">Map height.</param>
/// <param name="Width">Map width.</param>
public readonly record struct FeatureShape(int Channels, int Height, int Width);
