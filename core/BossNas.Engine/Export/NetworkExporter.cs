using System.Globalization;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Spaces;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Config;
using BossNas.Engine.Data;
using BossNas.Engine.Data.Augment;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Plugins;
using BossNas.Engine.Runs;
using NLog;

namespace BossNas.Engine.Export;

/// <summary>
/// <c>bossnas export</c>: the trained networks a run folder keeps (<c>networks/*.bin</c> of the retrain and control
/// phases, <c>model.bin</c> of <c>bossnas train</c>, <c>teacher.bin</c>) written next to them as safetensors (the
/// weights) and as ONNX (the network, runnable in any ONNX runtime), each described by its <see cref="ExportDescription"/>
/// (space, architecture, test accuracy, class names, input preprocessing) in both files' metadata and in a
/// <c>&lt;name&gt;.config.json</c> beside them.
/// </summary>
public static class NetworkExporter
{
    private static readonly Logger Log = LogManager.GetLogger("export");

    /// <summary>
    /// Exports every trained network of <paramref name="runFolder"/>; returns the files written. The ONNX files need the
    /// networks rebuilt, with the search space of the folder's resolved config from <paramref name="host"/>; a network
    /// whose space has no ONNX form keeps its safetensors and is named in a warning. Every network also gets its
    /// <see cref="ExportDescription"/> in both files' metadata and as <c>&lt;name&gt;.config.json</c>.
    /// </summary>
    /// <param name="runFolder">The run folder.</param>
    /// <param name="host">The plugins.</param>
    /// <param name="foldNormalization">Fold the input normalisation into the ONNX graph (it then takes images in [0, 1]).</param>
    /// <exception cref="InvalidDataException">The folder holds no trained network, or one is damaged.</exception>
    /// <exception cref="ConfigException">The folder's config no longer binds (a plugin is missing).</exception>
    public static IReadOnlyList<string> Export(string runFolder, PluginHost host, bool foldNormalization = false)
    {
        var folder = RunFolder.Open(runFolder);
        var sources = TrainedNetworks(folder);
        if (sources.Count == 0)
            throw new InvalidDataException($"{folder.Path} holds no trained network (the retrain, control and teacher phases and `bossnas train` write them)");
        // Only the search space is needed: a `bossnas train` config has no other component section.
        var config = RunConfig.Load(folder.File(RunFolder.ConfigFile), [], host, ConfigUse.Train);
        var section = config[ComponentKind.SearchSpace];
        var space = host.Create<ISearchSpace>(ComponentKind.SearchSpace, section.Plugin, section.Options);
        var recomputed = new Lazy<InputPreprocessing>(() => Recompute(folder));
        var written = new List<string>();
        foreach (var (dir, name) in sources)
        {
            var info = TrainedNetwork.Describe(dir, name);
            var description = new ExportDescription(info, info.Preprocessing ?? recomputed.Value);
            written.Add(WriteSafeTensors(dir, name, description.Metadata()));
            bool onnx = false;
            try
            {
                written.Add(WriteOnnx(dir, name, space, section.Plugin, info, description, foldNormalization));
                onnx = true;
            }
            catch (NotSupportedException e)
            {
                Log.Warn("{Network}: no ONNX export ({Reason}); its safetensors are written", Path.Combine(dir, name), e.Message);
            }
            var json = Path.Combine(dir, ExportDescription.ConfigFileName(name));
            CheckpointStore.ReplaceAtomically(json, description.ConfigJson(name, onnx, onnx && foldNormalization));
            written.Add(json);
        }
        return written;
    }

    /// <summary>
    /// The preprocessing of a network whose description predates its recording: the normalisation is computed again from
    /// the training split of the run's data, as <c>bossnas eval</c> computes it.
    /// </summary>
    private static InputPreprocessing Recompute(RunFolder folder)
    {
        Log.Info("{Folder}: the networks' descriptions record no preprocessing; computing the normalisation from the run's data", folder.Path);
        var config = DataConfig.Load(folder.File(RunFolder.ConfigFile), []);
        using var data = DatasetLoader.Load(config.Data, config.ResolvePath, config.Run.Seed);
        return InputPreprocessing.Of(data, data.Train.Statistics());
    }

    /// <summary>The (folder, name) of every trained network of <paramref name="folder"/>: a <c>.json</c> beside its <c>.bin</c>.</summary>
    public static IReadOnlyList<(string Folder, string Name)> TrainedNetworks(RunFolder folder) =>
        new[] { folder.Path, folder.File(RetrainPhase.NetworksFolder) }
            .Where(Directory.Exists)
            .SelectMany(d => Directory.GetFiles(d, "*.json").Where(j => File.Exists(Path.ChangeExtension(j, ".bin"))))
            .Order(StringComparer.Ordinal)
            .Select(j => (Path.GetDirectoryName(j)!, Path.GetFileNameWithoutExtension(j)))
            .ToList();

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
        ExportDescription description, bool fold)
    {
        var input = new InputShape(info.Channels, info.Height, info.Width, info.Classes);
        var (model, _, _) = TrainedNetwork.Load(dir, name, space, spacePlugin, input);
        using (model)
        {
            var path = Path.Combine(dir, name + ".onnx");
            var normalization = fold ? (description.Preprocessing.Mean, description.Preprocessing.Std) : ((float[], float[])?)null;
            OnnxExporter.Write(path, model, input, description.Metadata(fold), normalization);
            return path;
        }
    }
}
