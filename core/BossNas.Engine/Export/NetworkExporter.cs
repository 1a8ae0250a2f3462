using System.Globalization;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Spaces;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Config;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Plugins;
using BossNas.Engine.Runs;
using NLog;

namespace BossNas.Engine.Export;

/// <summary>
/// <c>bossnas export</c>: the trained networks a run folder keeps (<c>networks/*.bin</c> of the retrain and control
/// phases, <c>model.bin</c> of <c>bossnas train</c>, <c>teacher.bin</c>) written next to them as safetensors (the
/// weights) and as ONNX (the network, runnable in any ONNX runtime), with the space, architecture, input shape and test
/// accuracy in each file's metadata.
/// </summary>
public static class NetworkExporter
{
    private static readonly Logger Log = LogManager.GetLogger("export");

    /// <summary>
    /// Exports every trained network of <paramref name="runFolder"/>; returns the files written. The ONNX files need the
    /// networks rebuilt, with the search space of the folder's resolved config from <paramref name="host"/>; a network
    /// whose space has no ONNX form keeps its safetensors and is named in a warning.
    /// </summary>
    /// <exception cref="InvalidDataException">The folder holds no trained network, or one is damaged.</exception>
    /// <exception cref="ConfigException">The folder's config no longer binds (a plugin is missing).</exception>
    public static IReadOnlyList<string> Export(string runFolder, PluginHost host)
    {
        var folder = RunFolder.Open(runFolder);
        var sources = TrainedNetworks(folder);
        if (sources.Count == 0)
            throw new InvalidDataException($"{folder.Path} holds no trained network (the retrain, control and teacher phases and `bossnas train` write them)");
        var config = RunConfig.Load(folder.File(RunFolder.ConfigFile), [], host);
        var section = config[ComponentKind.SearchSpace];
        var space = host.Create<ISearchSpace>(ComponentKind.SearchSpace, section.Plugin, section.Options);
        var written = new List<string>();
        foreach (var (dir, name) in sources)
        {
            var info = TrainedNetwork.Describe(dir, name);
            var metadata = Metadata(info);
            written.Add(WriteSafeTensors(dir, name, metadata));
            try
            {
                written.Add(WriteOnnx(dir, name, space, section.Plugin, info, metadata));
            }
            catch (NotSupportedException e)
            {
                Log.Warn("{Network}: no ONNX export ({Reason}); its safetensors are written", Path.Combine(dir, name), e.Message);
            }
        }
        return written;
    }

    /// <summary>The (folder, name) of every trained network of <paramref name="folder"/>: a <c>.json</c> beside its <c>.bin</c>.</summary>
    public static IReadOnlyList<(string Folder, string Name)> TrainedNetworks(RunFolder folder) =>
        new[] { folder.Path, folder.File(RetrainPhase.NetworksFolder) }
            .Where(Directory.Exists)
            .SelectMany(d => Directory.GetFiles(d, "*.json").Where(j => File.Exists(Path.ChangeExtension(j, ".bin"))))
            .Order(StringComparer.Ordinal)
            .Select(j => (Path.GetDirectoryName(j)!, Path.GetFileNameWithoutExtension(j)))
            .ToList();

    private static Dictionary<string, string> Metadata(TrainedNetwork info)
    {
        var metadata = new Dictionary<string, string>
        {
            ["search_space"] = info.Space, ["architecture"] = info.Architecture,
            ["input"] = $"{info.Channels}x{info.Height}x{info.Width}", ["classes"] = info.Classes.ToString(CultureInfo.InvariantCulture),
        };
        if (info.TestAccuracy is { } acc) metadata["test_accuracy"] = acc.ToString("R", CultureInfo.InvariantCulture);
        return metadata;
    }

    private static string WriteSafeTensors(string dir, string name, IReadOnlyDictionary<string, string> metadata)
    {
        using var reader = new BinaryReader(File.OpenRead(Path.Combine(dir, name + ".bin")));
        var tensors = TensorStore.Read(reader);
        try
        {
            var path = Path.Combine(dir, name + ".safetensors");
            SafeTensors.Write(path, tensors, new Dictionary<string, string>(metadata) { ["format"] = "pt" });
            return path;
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    private static string WriteOnnx(string dir, string name, ISearchSpace space, string spacePlugin, TrainedNetwork info,
        IReadOnlyDictionary<string, string> metadata)
    {
        var input = new InputShape(info.Channels, info.Height, info.Width, info.Classes);
        var (model, _, _) = TrainedNetwork.Load(dir, name, space, spacePlugin, input);
        using (model)
        {
            var path = Path.Combine(dir, name + ".onnx");
            OnnxExporter.Write(path, model, input, metadata);
            return path;
        }
    }
}
