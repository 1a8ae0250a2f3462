using BossNas.Core.Architectures;
using BossNas.Engine.Config;

namespace BossNas.Engine.Data;

/// <summary>The input shape a dataset config implies, known without reading the data (for planning).</summary>
public static class DatasetShapes
{
    /// <summary>Channels, size and classes of the configured dataset.</summary>
    public static InputShape Of(DataSection data) => data.Dataset switch
    {
        "fashion-mnist" => new InputShape(1, 28, 28, 10),
        "cifar10" => new InputShape(3, 32, 32, 10),
        "synthetic" => new InputShape(data.SyntheticChannels, data.SyntheticSize, data.SyntheticSize, data.SyntheticClasses),
        "imagefolder" => new InputShape(3, data.ImageSize, data.ImageSize,
            Directory.Exists(data.Root)
                ? Directory.GetDirectories(data.Root).Count(d => !Path.GetFileName(d).StartsWith('.'))
                : 0),
        _ => throw new ArgumentException($"unknown dataset '{data.Dataset}'"),
    };
}
