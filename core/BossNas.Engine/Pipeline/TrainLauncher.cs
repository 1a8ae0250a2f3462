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
    private static readonly Logger Log = LogManager.GetLogger(PhaseNames.Train);

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
        bool loadAwareThreads = false, InitialWeights? init = null) =>
        Launch(ConfigSource.Read(configPath, overrides), architectureText, host, verbose, cancel, startNew, stepObserver, loadAwareThreads, init);

    /// <inheritdoc cref="Launch(string, IReadOnlyList{string}, string, PluginHost, bool, CancellationToken, bool, Action{string, Training.StepMetrics}?, bool, InitialWeights?)"/>
    public static (double? Accuracy, RunFolder Folder) Launch(ConfigSource source, string architectureText, PluginHost host, bool verbose,
        CancellationToken cancel, bool startNew = false, Action<string, Training.StepMetrics>? stepObserver = null, bool loadAwareThreads = false,
        InitialWeights? init = null)
    {
        var configPath = source.Path;
        var config = source.Bind(host, ConfigUse.Train);
        var components = ComponentSet.Create(config, host);
        var space = components.Space;
        var arch = ArchitectureArgument.Resolve(space, architectureText, configPath);
        // Read and checked before any folder exists: weights that do not fit are a config error.
        var initial = init?.StandaloneState(config, space, arch, Data.DatasetShapes.Of(config.Data, config.ResolvePath));
        try
        {
            return Launch(config, components, arch, verbose, cancel, startNew, stepObserver, loadAwareThreads, init, initial);
        }
        finally
        {
            foreach (var t in initial?.Values.ToList() ?? []) t.Dispose();
        }
    }

    private static (double? Accuracy, RunFolder Folder) Launch(RunConfig config, ComponentSet components, Architecture arch, bool verbose,
        CancellationToken cancel, bool startNew, Action<string, Training.StepMetrics>? stepObserver, bool loadAwareThreads, InitialWeights? init,
        IReadOnlyDictionary<string, TorchSharp.torch.Tensor>? initial)
    {
        var output = Path.GetFullPath(config.Run.Output);
        var name = config.Run.Name + "-train";
        var unfinished = startNew ? null : RunFolder.LatestUnfinished(output, name);
        if (unfinished is not null && unfinished.ConfigHash == config.Hash() && TryOpen(unfinished) is { } open)
        {
            // The newest unfinished training of this config resumes when it was training this architecture from the same start.
            using (open)
                if (open.Resumed && open.State.Architecture == arch.ToString() && open.State.InitialisedFrom == init?.Source)
                    return (TrainInto(config, components, unfinished, arch, verbose, cancel, open, stepObserver, loadAwareThreads,
                        Start(init, initial)), unfinished);
        }
        var folder = RunLauncher.CreateFolder(config, name);
        using (OpenRun.Open(folder, () => new RunState(), _ => { }))
            return (TrainInto(config, components, folder, arch, verbose, cancel, null, stepObserver, loadAwareThreads, Start(init, initial)), folder);
    }

    private static TrainingStart? Start(InitialWeights? init, IReadOnlyDictionary<string, TorchSharp.torch.Tensor>? initial) =>
        init is null || initial is null ? null : new TrainingStart(init.Source, initial);

    // A folder another `train` holds (of this config, maybe another architecture) is not this one's to resume: train anew.
    private static OpenRun? TryOpen(RunFolder folder)
    {
        try
        {
            return OpenRun.Open(folder, () => new RunState(), _ => { }, restoreTorchRng: false);
        }
        catch (RunFolderInUseException)
        {
            return null;
        }
    }

    /// <summary>
    /// Trains <paramref name="arch"/> in <paramref name="folder"/> (already holding the resolved config, and held by the
    /// caller), from <paramref name="resume"/>'s checkpoint when given; saves <c>model.bin</c>/<c>model.json</c> and marks
    /// the folder done.
    /// </summary>
    /// <returns>The test accuracy, or null when interrupted.</returns>
    internal static double? TrainInto(RunConfig config, ComponentSet components, RunFolder folder, Architecture arch, bool verbose,
        CancellationToken cancel, OpenRun? resume = null, Action<string, Training.StepMetrics>? stepObserver = null, bool loadAwareThreads = false,
        TrainingStart? start = null)
    {
        LoggingSetup.ForRun(folder.Path, verbose);
        folder.ClearFailed();
        var state = resume is { Resumed: true } ? resume.State : new RunState
        {
            Phase = PhaseNames.Train, ConfigHash = config.Hash(), Architecture = arch.ToString(), InitialisedFrom = start?.Source,
        };
        resume?.RestoreTorchRng();
        if (resume is { Resumed: true }) Log.Info("Resuming {Folder} at step {Step}", folder.Path, state.Step);
        using var session = new RunSession(config, components, folder, state, cancel, loadAwareThreads) { StepObserver = stepObserver };
        var spacePlugin = config[Core.Components.ComponentKind.SearchSpace].Plugin;
        double acc;
        try
        {
            acc = session.Progress.Run(() => RetrainPhase.Train(session, PhaseNames.Train, arch, resume?.Tensors, config.Retrain,
                RunSeeds.StandaloneInit(config.Run.Seed), RunSeeds.StandaloneData(config.Run.Seed),
                (model, a) => TrainedNetwork.Save(folder.Path, ModelName, model, spacePlugin, arch, session.Input, a, session.Preprocessing,
                    state.InitialisedFrom), start?.Weights));
        }
        catch (RunInterruptedException e)
        {
            session.Interrupted(e);
            return null;
        }
        catch (Exception e) when (RunFailure.Mark(folder, e))
        {
            throw; // not reached: the filter marks the folder and declines
        }
        state.Results.Train = acc;
        if (config.Report.Plots && Plots.LossCurves(folder) is { } png) Log.Info("Loss curve: {Png}", png);
        CheckpointStore.ReplaceAtomically(folder.File("state.json"), state.ToJson());
        folder.MarkDone();
        return acc;
    }
}
