using System.Diagnostics;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Context;
using BossNas.Engine.Data;
using BossNas.Engine.Runs;
using BossNas.Engine.Training;
using TorchSharp;
using NLog;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// The <c>retrain</c> phase: trains an architecture's stand-alone network from scratch with the <c>[retrain]</c> settings
/// and measures its test accuracy. Used for the found architecture and for the random controls of similar cost, with
/// the same budget and seed, so the report shows what the search bought. Resumable like supernet training; with a parts
/// executor the found architecture and its controls train as parts (<see cref="Parts.TrainingParts"/>).
/// </summary>
internal sealed class RetrainPhase : IPhase
{
    private static readonly Logger Log = LogManager.GetLogger(PhaseNames.Retrain);
    private const string ModelPrefix = "model/";
    private const string OptimPrefix = "optim/";

    /// <inheritdoc />
    public string Name => PhaseNames.Retrain;

    /// <inheritdoc />
    public IReadOnlyList<ComponentKind> Roles { get; } = [];

    /// <inheritdoc />
    public IReadOnlyList<PhaseNeed> Needs { get; } = [new(PhaseNames.Search, "it trains the found architecture")];

    /// <inheritdoc />
    public string Produces => "networks/retrain.bin (the found architecture trained from scratch), its test accuracy";

    /// <inheritdoc />
    public void Run(RunSession s, IReadOnlyDictionary<string, Tensor>? resumed)
    {
        if (s.PartsExecutor is { } executor)
        {
            Parts.TrainingParts.Run(s, executor);
            return;
        }
        s.State.Results.Retrain = TrainFromScratch(s, PhaseNames.Retrain, Architecture.Parse(s.State.Architecture!), resumed);
    }

    /// <summary>
    /// Trains <paramref name="architecture"/> under task name <paramref name="phase"/> ("retrain", "control", ...) and
    /// returns its test accuracy. The trained network is kept in the run folder as <c>networks/&lt;phase&gt;.bin</c> +
    /// <c>.json</c> (<see cref="TrainedNetwork"/>; <c>bossnas export</c> turns it into safetensors).
    /// </summary>
    /// <exception cref="RunInterruptedException">Stopped by the user (a checkpoint is written).</exception>
    public static double TrainFromScratch(RunSession s, string phase, Architecture architecture, IReadOnlyDictionary<string, Tensor>? resumed) =>
        // Same initialisation seed for found and control, so only the architecture differs.
        Train(s, phase, architecture, resumed, s.Config.Retrain, RunSeeds.StandaloneInit(s.Config.Run.Seed),
            RunSeeds.StandaloneData(s.Config.Run.Seed), (model, accuracy) => TrainedNetwork.Save(s.Folder.Sub(NetworksFolder), phase, model,
                s.Config[ComponentKind.SearchSpace].Plugin, architecture, s.Input, accuracy, s.Preprocessing));

    /// <summary>The run folder's subfolder of trained networks.</summary>
    public const string NetworksFolder = "networks";

    /// <summary>
    /// Trains <paramref name="architecture"/> from scratch with <paramref name="budget"/>, libtorch seeded with
    /// <paramref name="initSeed"/> and batches drawn from <paramref name="dataSeed"/>; returns the test accuracy.
    /// <paramref name="keep"/> receives the trained network and its accuracy before it is disposed. <paramref name="initial"/>
    /// (a state dict of the network) replaces the initial weights when the training starts.
    /// </summary>
    /// <exception cref="RunInterruptedException">Stopped by the user (a checkpoint is written).</exception>
    public static double Train(RunSession s, string phase, Architecture architecture, IReadOnlyDictionary<string, Tensor>? resumed,
        Config.OptimSection budget, long initSeed, long dataSeed, Action<nn.Module<Tensor, Tensor>, double>? keep,
        IReadOnlyDictionary<string, Tensor>? initial = null)
    {
        var space = s.Components.Space;
        manual_seed(initSeed);
        using var model = space.CreateStandalone(architecture, s.Input);
        if (initial is not null && (resumed is null || s.State.Step == 0))
            Checkpoints.TensorStore.LoadInto(model, initial, "");
        model.to(s.Device);
        if (resumed is not null && s.State.Step > 0)
            Checkpoints.TensorStore.LoadInto(model, resumed, ModelPrefix);
        var pipeline = new BatchPipeline(s.Data.Train, s.Views, dataSeed, s.BatchSize(budget), s.Config.Data.Prefetch);
        var trainer = new Trainer(pipeline, budget);
        var task = new SupervisedTask(phase, model, budget.LabelSmoothing);
        var cost = space.Cost(architecture, s.Input);
        Log.Info("{Phase}: {Arch} ({Cost}), {Steps} steps{Resume}", phase, architecture, cost, trainer.StepsPerStage,
            s.State.Step > 0 ? $", resuming at step {s.State.Step}" : "");
        var optimState = resumed?.Where(kv => kv.Key.StartsWith(OptimPrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[OptimPrefix.Length..], kv => kv.Value);
        var clock = Stopwatch.StartNew();
        var from = new StagePosition(s.State.Epoch, s.State.StepInEpoch, s.State.Step);
        var end = trainer.Run(task, 1000, from, s.State.GlobalStep - s.State.Step, from.Step > 0 ? optimState : null, (next, optimizer, m) =>
        {
            bool due = s.RecordStep(phase, null, m, next);
            if (next.StepInEpoch == 0 && next.Epoch > 0 && s.Data.Val.Count > 0)
            {
                double val = Accuracy.Of(model, s.Data.Val, s.Views, s.Config.Data.BatchSize, s.Device);
                s.Metrics.Write("epoch", new Dictionary<string, object?> { ["phase"] = phase, ["epoch"] = next.Epoch - 1, ["val_accuracy"] = val });
                Log.Info("{Phase} epoch {Epoch}: validation accuracy {Acc:P2}", phase, next.Epoch - 1, val);
            }
            if (due)
            {
                s.State.AddTime(phase, clock.Elapsed.TotalSeconds);
                clock.Restart();
                s.Checkpoint(Prefixed(model.state_dict(), ModelPrefix).Concat(Prefixed(optimizer.State, OptimPrefix)));
            }
        }, s.Context.Cancel);
        if (s.Context.Cancel.IsCancellationRequested && end.Step < trainer.StepsPerStage)
            throw new RunInterruptedException($"{phase} at step {end.Step}");
        double accuracy = Accuracy.Of(model, s.Data.Test, s.Views, s.Config.Data.BatchSize, s.Device);
        s.State.AddTime(phase, clock.Elapsed.TotalSeconds);
        s.Metrics.Write("test", new Dictionary<string, object?>
        {
            ["phase"] = phase, ["architecture"] = architecture.ToString(), ["test_accuracy"] = accuracy,
            ["madds"] = cost.MAdds, ["params"] = cost.Params,
        });
        Log.Info("{Phase}: test accuracy {Acc:P2} on {N} test images", phase, accuracy, s.Data.Test.Count);
        keep?.Invoke(model, accuracy);
        return accuracy;
    }

    /// <summary>Draws the control architectures of a run, each differing from the found one and from the others before it.</summary>
    public static List<string> DrawControls(RunSession s, Architecture target, int count)
    {
        var drawn = new List<string>();
        var rng = s.Context.Rng[PhaseNames.Control];
        for (int i = 0; i < count; i++) drawn.Add(DrawControl(s, target, s.Config.Retrain.ControlTolerance, rng, drawn).ToString());
        return drawn;
    }

    /// <summary>
    /// A random architecture whose MAdds are within <paramref name="tolerance"/> (relative) of
    /// <paramref name="target"/>'s, differing from it; the closest of a few hundred draws otherwise.
    /// </summary>
    public static Architecture DrawControl(RunSession s, Architecture target, double tolerance, SeededRandom rng,
        IReadOnlyCollection<string>? taken = null) =>
        DrawControl(s, target, tolerance, rng, taken, a => s.Components.Space.Cost(a, s.Input).MAdds, 500) ?? target;

    /// <summary>
    /// A random architecture whose <paramref name="cost"/> is within <paramref name="tolerance"/> (relative) of
    /// <paramref name="target"/>'s, differing from it and from <paramref name="taken"/>; the closest of
    /// <paramref name="draws"/> draws otherwise; null when no draw is another architecture with a finite cost.
    /// </summary>
    public static Architecture? DrawControl(RunSession s, Architecture target, double tolerance, SeededRandom rng,
        IReadOnlyCollection<string>? taken, Func<Architecture, double> cost, int draws)
    {
        var space = s.Components.Space;
        double wanted = cost(target);
        Architecture? best = null;
        double bestGap = double.MaxValue;
        for (int i = 0; i < draws; i++)
        {
            var a = space.SampleArchitecture(rng);
            if (a.Equals(target) || (taken?.Contains(a.ToString()) ?? false)) continue;
            double gap = Math.Abs(cost(a) - wanted) / Math.Max(Math.Abs(wanted), 1e-9);
            if (!double.IsFinite(gap)) continue;
            if (gap < bestGap) (best, bestGap) = (a, gap);
            if (gap <= tolerance && i >= 20) break;
        }
        return best;
    }

    private static IEnumerable<KeyValuePair<string, Tensor>> Prefixed(IEnumerable<KeyValuePair<string, Tensor>> tensors, string prefix) =>
        tensors.Select(kv => new KeyValuePair<string, Tensor>(prefix + kv.Key, kv.Value));
}
