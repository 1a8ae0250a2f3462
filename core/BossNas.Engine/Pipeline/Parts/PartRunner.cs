using BossNas.Core.Architectures;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Config;
using BossNas.Engine.Plugins;
using BossNas.Engine.Runs;
using NLog;
using TorchSharp;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline.Parts;

/// <summary>
/// Runs one part of a run (<c>bossnas run &lt;run folder&gt; --part &lt;name&gt;</c>, or in the coordinator's process): loads
/// the run's config, resumes the part from its newest checkpoint, trains it and writes its result. A finished part is
/// not run again.
/// </summary>
public static class PartRunner
{
    private static readonly Logger Log = LogManager.GetLogger("part");

    /// <summary>Runs or resumes part <paramref name="name"/> of the run in <paramref name="runFolder"/>; false when interrupted.</summary>
    /// <exception cref="InvalidDataException">The run has no such part.</exception>
    public static bool Run(PluginHost host, string runFolder, string name, bool verbose, CancellationToken cancel,
        Action<string, Training.StepMetrics>? stepObserver = null)
    {
        var run = RunFolder.Open(runFolder);
        var part = RunPart.Load(run, name);
        var folder = RunFolder.Open(part.FolderIn(run));
        if (part.IsDone(run)) return true;
        var config = RunConfig.Load(run.File(RunFolder.ConfigFile), [], host);
        var components = ComponentSet.Create(config, host);
        using var held = RunFolderLock.Acquire(folder);
        var resume = new CheckpointStore(folder.Path).LoadNewestGood(w => Log.Warn(w));
        var state = resume?.State ?? new RunState
        {
            Phase = part.Phase, Stage = part.Stage, ConfigHash = config.Hash(), Architecture = part.Architecture,
        };
        if (resume is { } r && r.Tensors.Remove("torch/rng", out var rng))
        {
            random.set_rng_state(rng);
            rng.Dispose();
        }
        Log.Info("Part {Part} of {Run}{Resume}", name, run.Path, resume is null ? "" : $": resuming at step {state.Step}");
        try
        {
            using var session = new RunSession(config, components, folder, state, cancel) { Parent = run, Verbose = verbose, StepObserver = stepObserver };
            var result = part.Kind == RunPart.StageKind ? TrainStage(session, part, resume?.Tensors) : TrainNetwork(session, part, resume?.Tensors);
            if (result is null) return false;
            result.Save(folder);
            Log.Info("Part {Part} done in {Seconds:F1} s", name, result.Seconds);
            return true;
        }
        finally
        {
            if (resume is not null) foreach (var t in resume.Value.Tensors.Values) t.Dispose();
        }
    }

    /// <summary>
    /// Trains one independent supernet stage and writes the tensors it changed to <c>stage.bin</c>, compared with the
    /// modules as built from the run seed (what the stage started from in the run's own process too).
    /// </summary>
    private static PartResult? TrainStage(RunSession s, RunPart part, IReadOnlyDictionary<string, Tensor>? resumed)
    {
        var initial = new Dictionary<string, Tensor>();
        try
        {
            SupernetState.Ensure(s, resumed, modules =>
            {
                foreach (var (key, value) in modules.state_dict()) initial[key] = value.detach().clone();
            });
            var stages = s.Components.Strategy.PlanStages(s.Components.Space);
            using var training = new SupernetTraining(s, stages);
            if (!training.TrainStage(part.Stage, stages[part.Stage], SupernetPhase.OptimState(resumed))) return null;
            var changed = s.Components.Strategy.Modules.state_dict()
                .Where(kv => !initial.TryGetValue(kv.Key, out var before) || !before.allclose(kv.Value, rtol: 0, atol: 0))
                .Select(kv => new KeyValuePair<string, Tensor>(SupernetState.ModelPrefix + kv.Key, kv.Value)).ToList();
            StageParts.WriteChanged(s.Folder, changed);
            return new PartResult(null, s.State.Seconds.GetValueOrDefault("supernet"));
        }
        finally
        {
            foreach (var t in initial.Values) t.Dispose();
        }
    }

    /// <summary>Trains one stand-alone network from scratch exactly as the retrain and control phases do.</summary>
    private static PartResult? TrainNetwork(RunSession s, RunPart part, IReadOnlyDictionary<string, Tensor>? resumed)
    {
        var accuracy = RetrainPhase.Run(s, part.Phase, Architecture.Parse(part.Architecture!), resumed);
        return accuracy is { } acc ? new PartResult(acc, s.State.Seconds.GetValueOrDefault(part.Phase)) : null;
    }
}
