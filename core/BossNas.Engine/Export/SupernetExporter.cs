using BossNas.Core.Components;
using BossNas.Core.Context;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Config;
using BossNas.Engine.Data;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Plugins;
using BossNas.Engine.Runs;
using NLog;
using static TorchSharp.torch;

namespace BossNas.Engine.Export;

/// <summary>
/// <c>bossnas export --supernet</c>: the trained supernet of a run folder (<c>supernet.bin</c>, the strategy's modules
/// when supernet training ended) as <see cref="SupernetFile"/>: only the supernet, not what the strategy trains beside it
/// (target networks, projectors, heads, a teacher), under the supernet module's own tensor names.
/// </summary>
public static class SupernetExporter
{
    private static readonly Logger Log = LogManager.GetLogger("export");

    /// <summary>Writes <see cref="SupernetFile.FileName"/> into <paramref name="runFolder"/>; returns its path.</summary>
    /// <exception cref="InvalidDataException">The folder holds no trained supernet, or it does not fit the folder's config.</exception>
    /// <exception cref="ConfigException">The folder's config no longer binds (a plugin is missing).</exception>
    public static string Export(string runFolder, PluginHost host)
    {
        var folder = RunFolder.Open(runFolder);
        var saved = folder.File(SupernetState.File);
        if (!File.Exists(saved))
            throw new InvalidDataException($"{folder.Path} holds no trained supernet ({SupernetState.File} is written when the supernet phase ends)");
        var config = RunConfig.Load(folder.File(RunFolder.ConfigFile), [], host);
        var components = ComponentSet.Create(config, host);
        var strategy = components.Strategy;
        var input = DatasetShapes.Of(config.Data, config.ResolvePath);
        using var scope = NewDisposeScope();
        manual_seed(RunSeeds.SupernetInit(config.Run.Seed));
        strategy.Build(components.Space, input, new RunContext(CPU, new RngStreams(config.Run.Seed), Log, new NullMetricsSink(), folder.Path));
        var prefix = SupernetState.ModelPrefix + ModulePrefix(strategy.Modules, strategy.Supernet);
        using (var r = new BinaryReader(File.OpenRead(saved)))
        {
            var tensors = TensorStore.Read(r);
            try
            {
                TensorStore.LoadInto(strategy.Supernet, tensors, prefix);
            }
            finally
            {
                foreach (var t in tensors.Values) t.Dispose();
            }
        }
        var path = folder.File(SupernetFile.FileName);
        SafeTensors.Write(path, strategy.Supernet.state_dict(),
            SupernetFile.Metadata(config[ComponentKind.SearchSpace], config[ComponentKind.Supervision].Plugin, input));
        Log.Debug("Supernet of {Folder} ({Tensors} tensors) written to {Path}", folder.Path, strategy.Supernet.state_dict().Count, path);
        return path;
    }

    /// <summary>The state-dict prefix of <paramref name="supernet"/> inside <paramref name="modules"/> ("" when it is the root).</summary>
    private static string ModulePrefix(nn.Module modules, nn.Module supernet)
    {
        if (ReferenceEquals(modules, supernet)) return "";
        foreach (var (name, module) in modules.named_modules())
            if (ReferenceEquals(module, supernet)) return name + ".";
        throw new InvalidOperationException("the strategy's supernet is not one of its modules");
    }
}
