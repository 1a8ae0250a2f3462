using BossNas.Core.Architectures;
using BossNas.Engine.Config;

namespace BossNas.Engine.Data;

/// <summary>The input shape a dataset config implies, known without reading the data (for planning).</summary>
public static class DatasetShapes
{
    /// <summary>Channels, size and classes of the configured dataset.</summary>
    /// <param name="data">The <c>[data]</c> section.</param>
    /// <param name="resolvePath">Resolves <c>root</c> against the config's folder (<see cref="RunConfig.ResolvePath"/>); as given when null.</param>
    public static InputShape Of(DataSection data, Func<string, string>? resolvePath = null) => data.Dataset switch
    {
        "fashion-mnist" => new InputShape(1, 28, 28, 10),
        "cifar10" => new InputShape(3, 32, 32, 10),
        "synthetic" => new InputShape(data.SyntheticChannels, data.SyntheticSize, data.SyntheticSize, data.SyntheticClasses),
        "imagefolder" => new InputShape(3, data.ImageSize, data.ImageSize, ImageFolderClasses((resolvePath ?? (p => p))(data.Root))),
        "webdataset" => new InputShape(3, data.ImageSize, data.ImageSize, ShardClasses((resolvePath ?? (p => p))(data.Root))),
        _ => throw new ArgumentException($"unknown dataset '{data.Dataset}'"),
    };

    // The classes the training shards use (their headers and .cls entries are read); 0 while there are none to read.
    private static int ShardClasses(string root)
    {
        var train = Path.Combine(root, "train");
        if (!Directory.Exists(train) || Directory.GetFiles(train, "*.tar").Length == 0) return 0;
        return Streaming.TarShardIndex.Classes(Streaming.TarShardIndex.Read(train));
    }

    // The classes are the folders of the train split (<root>/train/<class>/), as the loader reads them, not the splits.
    private static int ImageFolderClasses(string root)
    {
        var train = Path.Combine(root, "train");
        return Directory.Exists(train) ? Directory.GetDirectories(train).Count(d => !Path.GetFileName(d).StartsWith('.')) : 0;
    }
}
