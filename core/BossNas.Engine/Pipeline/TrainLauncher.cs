using BossNas.Core.Architectures;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Config;
using BossNas.Engine.Logging;
using BossNas.Engine.Plugins;
using BossNas.Engine.Reports;
using BossNas.Engine.Runs;
using NLog;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// <c>bossnas train</c>: supervised training of one architecture's stand-alone network from scratch with the
/// config's <c>[retrain]</c> settings, then its test accuracy — no search. For baselines and for checking a
/// space's networks on real data. The trained network is saved as <c>model.bin</c> + <c>model.json</c> (space, architecture,
/// input shape, test accuracy), which a later run's <c>[teacher] from</c> loads.
/// </summary>
public static class TrainLauncher
{
    private static readonly Logger Log = LogManager.GetLogger("train");

    /// <summary>Name of the trained network's files in the run folder (<c>model.bin</c>, <c>model.json</c>).</summary>
    public const string ModelName = "model";

    /// <summary>
    /// Trains <paramref name="architectureText"/> (an encoding or a named architecture of the space). Like <c>run</c>,
    /// it resumes the newest unfinished training of the same config and architecture from its last checkpoint, unless
    /// <paramref name="startNew"/>.
    /// </summary>
    /// <returns>The test accuracy (null when interrupted) and the run folder.</returns>
    public static (double? Accuracy, RunFolder Folder) Launch(string configPath, IReadOnlyList<string> overrides, string architectureText,
        PluginHost host, bool verbose, CancellationToken cancel, bool startNew = false, Action<string, Training.StepMetrics>? stepObserver = null,
        bool loadAwareThreads = false)
    {
        var config = RunConfig.Load(configPath, overrides, host);
        var components = ComponentSet.Create(config, host);
        var space = components.Space;
        var arch = space.NamedArchitectures.TryGetValue(architectureText, out var named) ? named : ParseArchitecture(architectureText, configPath);
        if (space.Validate(arch) is { } why)
            throw new ConfigException([new ConfigError("--arch", 0, 0, $"'{architectureText}' is not valid in this space: {why}")]);
        var output = Path.GetFullPath(config.Run.Output);
        var name = config.Run.Name + "-train";
        var unfinished = startNew ? null : RunFolder.LatestUnfinished(output, name);
        var resume = unfinished is not null && unfinished.ConfigHash == config.Hash()
            ? new CheckpointStore(unfinished.Path).LoadNewestGood(_ => { }) : null;
        if (resume is { } r && r.State.Architecture == arch.ToString())
        {
            using var held = RunFolderLock.Acquire(unfinished!);
            return (TrainInto(config, components, unfinished!, arch, verbose, cancel, resume, stepObserver, loadAwareThreads), unfinished!);
        }
        foreach (var t in resume?.Tensors.Values ?? Enumerable.Empty<TorchSharp.torch.Tensor>()) t.Dispose();
        var folder = RunFolder.Create(output, name, config.ToResolvedToml(), config.Hash());
        using (RunFolderLock.Acquire(folder))
            return (TrainInto(config, components, folder, arch, verbose, cancel, stepObserver: stepObserver, loadAwareThreads: loadAwareThreads), folder);
    }

    /// <summary>
    /// Trains <paramref name="arch"/> in <paramref name="folder"/> (already holding the resolved config), saves
    /// <c>model.bin</c>/<c>model.json</c> and marks the folder done.
    /// </summary>
    /// <returns>The test accuracy, or null when interrupted.</returns>
    internal static double? TrainInto(RunConfig config, ComponentSet components, RunFolder folder, Architecture arch, bool verbose,
        CancellationToken cancel, (string Path, RunState State, Dictionary<string, TorchSharp.torch.Tensor> Tensors)? resume = null,
        Action<string, Training.StepMetrics>? stepObserver = null, bool loadAwareThreads = false)
    {
        LoggingSetup.ForRun(folder.Path, verbose);
        var state = resume?.State ?? new RunState { Phase = "train", ConfigHash = config.Hash(), Architecture = arch.ToString() };
        if (resume is { } loaded && loaded.Tensors.Remove("torch/rng", out var rng))
        {
            TorchSharp.torch.random.set_rng_state(rng);
            rng.Dispose();
        }
        if (resume is not null) Log.Info("Resuming {Folder} at step {Step}", folder.Path, state.Step);
        using var session = new RunSession(config, components, folder, state, cancel, loadAwareThreads) { StepObserver = stepObserver };
        var spacePlugin = config[Core.Components.ComponentKind.SearchSpace].Plugin;
        var accuracy = session.Progress.Run(() => RetrainPhase.Train(session, "train", arch, resume?.Tensors, config.Retrain,
            RunSeeds.StandaloneInit(config.Run.Seed), RunSeeds.StandaloneData(config.Run.Seed),
            (model, acc) => TrainedNetwork.Save(folder.Path, ModelName, model, spacePlugin, arch, session.Input, acc)));
        if (accuracy is not { } acc) return null;
        state.Results["train"] = acc;
        if (config.Report.Plots) Log.Info("Loss curve: {Png}", Plots.LossCurves(folder));
        CheckpointStore.ReplaceAtomically(folder.File("state.json"), state.ToJson());
        folder.MarkDone();
        return acc;
    }

    private static Architecture ParseArchitecture(string text, string source)
    {
        try
        {
            return Architecture.Parse(text);
        }
        catch (FormatException e)
        {
            throw new ConfigException([new ConfigError(source, 0, 0, $"--arch: {e.Message}")]);
        }
    }
}
