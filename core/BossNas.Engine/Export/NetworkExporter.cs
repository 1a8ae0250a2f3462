using System.Globalization;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Runs;

namespace BossNas.Engine.Export;

/// <summary>
/// <c>bossnas export</c>: the trained networks a run folder keeps (<c>networks/*.bin</c> of the retrain and control
/// phases, <c>model.bin</c> of <c>bossnas train</c>, <c>teacher.bin</c>) written as safetensors next to them, with the
/// space, architecture, input shape and test accuracy in the file's metadata.
/// </summary>
public static class NetworkExporter
{
    /// <summary>Exports every trained network of <paramref name="runFolder"/>; returns the files written.</summary>
    /// <exception cref="InvalidDataException">The folder holds no trained network, or one is damaged.</exception>
    public static IReadOnlyList<string> Export(string runFolder)
    {
        var folder = RunFolder.Open(runFolder);
        var sources = new[] { folder.Path, folder.File(RetrainPhase.NetworksFolder) }
            .Where(Directory.Exists)
            .SelectMany(d => Directory.GetFiles(d, "*.json").Where(j => File.Exists(Path.ChangeExtension(j, ".bin"))))
            .Order(StringComparer.Ordinal).ToList();
        if (sources.Count == 0)
            throw new InvalidDataException($"{folder.Path} holds no trained network (the retrain, control and teacher phases and `bossnas train` write them)");
        var written = new List<string>();
        foreach (var json in sources)
        {
            var dir = Path.GetDirectoryName(json)!;
            var name = Path.GetFileNameWithoutExtension(json);
            var info = TrainedNetwork.Describe(dir, name);
            using var reader = new BinaryReader(File.OpenRead(Path.Combine(dir, name + ".bin")));
            var tensors = TensorStore.Read(reader);
            try
            {
                var metadata = new Dictionary<string, string>
                {
                    ["format"] = "pt", ["search_space"] = info.Space, ["architecture"] = info.Architecture,
                    ["input"] = $"{info.Channels}x{info.Height}x{info.Width}", ["classes"] = info.Classes.ToString(CultureInfo.InvariantCulture),
                };
                if (info.TestAccuracy is { } acc) metadata["test_accuracy"] = acc.ToString("R", CultureInfo.InvariantCulture);
                var path = Path.Combine(dir, name + ".safetensors");
                SafeTensors.Write(path, tensors, metadata);
                written.Add(path);
            }
            finally
            {
                foreach (var t in tensors.Values) t.Dispose();
            }
        }
        return written;
    }
}
