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
        using var open = OpenRun.Open(folder, () => new RunState
        {
            Phase = part.Phase, Stage = part.Stage, ConfigHash = config.Hash(), Architecture = part.Architecture,
        }, w => Log.Warn(w));
        var state = open.State;
        Log.Info("Part {Part} of {Run}{Resume}", name, run.Path, open.Resumed ? $": resuming at step {state.Step}" : "");
        using var session = new RunSession(config, components, folder, state, cancel) { Parent = run, Verbose = verbose, StepObserver = stepObserver };
        PartResult result;
        try
        {
            result = part.Kind == RunPart.StageKind ? TrainStage(session, part, open.Tensors) : TrainNetwork(session, part, open.Tensors);
        }
        catch (RunInterruptedException e)
        {
            session.Interrupted(e, name);
            return false;
        }
        result.Save(folder);
        Log.Info("Part {Part} done in {Seconds:F1} s", name, result.Seconds);
        return true;
    }

    /// <summary>
    /// Trains one independent supernet stage and writes the tensors it changed to <c>stage.bin</c>, compared with the
    /// modules as built from the run seed (what the stage started from in the run's own process too).
    /// </summary>
    private static PartResult TrainStage(RunSession s, RunPart part, IReadOnlyDictionary<string, Tensor>? resumed)
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
            training.TrainStage(part.Stage, stages[part.Stage], SupernetPhase.OptimState(resumed));
            var changed = s.Components.Strategy.Modules.state_dict()
                .Where(kv => !initial.TryGetValue(kv.Key, out var before) || !before.allclose(kv.Value, rtol: 0, atol: 0))
                .Select(kv => new KeyValuePair<string, Tensor>(SupernetState.ModelPrefix + kv.Key, kv.Value)).ToList();
            StageParts.WriteChanged(s.Folder, changed);
            return new PartResult(null, s.State.Seconds.GetValueOrDefault(PhaseNames.Supernet));
        }
        finally
        {
            foreach (var t in initial.Values) t.Dispose();
        }
    }

    /// <summary>Trains one stand-alone network from scratch exactly as the retrain and control phases do.</summary>
    private static PartResult TrainNetwork(RunSession s, RunPart part, IReadOnlyDictionary<string, Tensor>? resumed)
    {
        var accuracy = RetrainPhase.TrainFromScratch(s, part.Phase, Architecture.Parse(part.Architecture!), resumed);
        return new PartResult(accuracy, s.State.Seconds.GetValueOrDefault(part.Phase));
    }
}
