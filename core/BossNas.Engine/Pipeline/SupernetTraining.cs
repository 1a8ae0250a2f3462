using System.Diagnostics;
using BossNas.Core.Architectures;
using BossNas.Core.Context;
using BossNas.Core.Supervision;
using BossNas.Engine.Data;
using BossNas.Engine.Runs;
using BossNas.Engine.Training;
using NLog;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// Trains supernet stages with the <c>[train]</c> budget on the run's supernet data (the stratified search subset when
/// configured), checkpointing every N steps. Stages that are independent of each other (<see cref="AreIndependent"/>:
/// DNA's blocks, each fed by the teacher) start from libtorch's generator and named random streams derived from the
/// run seed and the stage alone, so a stage trains the same in the run's own process as in a separate part
/// (<see cref="Parts.StageParts"/>).
/// </summary>
internal sealed class SupernetTraining : IDisposable
{
    private static readonly Logger Log = LogManager.GetLogger(PhaseNames.Supernet);
    private readonly RunSession _s;
    private readonly IImageSource? _ownedSubset;
    private readonly BatchPipeline _pipeline;
    private readonly bool _independent;

    /// <summary>Prepares the data of supernet training for <paramref name="stages"/>.</summary>
    public SupernetTraining(RunSession s, IReadOnlyList<StageSpec> stages)
    {
        _s = s;
        _independent = AreIndependent(stages);
        if (s.Config.Data.SearchImages > s.Data.Train.Count)
            Log.Warn("[data] search_images = {Wanted}, but the training split holds only {Count} images ({Source}): supernet stages " +
                     "train on fewer images than the config asks for", s.Config.Data.SearchImages, s.Data.Train.Count, s.Data.Source);
        var searchData = s.Data.Train.Subset(s.Config.Data.SearchImages, RunSeeds.SearchSubset(s.Config.Run.Seed));
        _ownedSubset = ReferenceEquals(searchData, s.Data.Train) ? null : searchData;
        if (_ownedSubset is not null) Log.Info("Supernet training on a stratified subset of {Count} training images", searchData.Count);
        _pipeline = new BatchPipeline(searchData, s.Views, RunSeeds.SupernetData(s.Config.Run.Seed), s.BatchSize(s.Config.Train),
            s.Config.Data.Prefetch);
    }

    /// <summary>
    /// Whether every stage trains one block without any fixed earlier block (block-wise distillation): then no stage
    /// depends on another's training, and the stages may run as separate parts.
    /// </summary>
    public static bool AreIndependent(IReadOnlyList<StageSpec> stages) =>
        stages.Count > 1 && stages.All(st => st.Block is not null && !st.NeedsFixedPrefix);

    /// <summary>
    /// Trains (or continues, from the run state's position) stage <paramref name="index"/>.
    /// <paramref name="optimState"/>: the optimiser state of a resumed stage.
    /// </summary>
    /// <exception cref="RunInterruptedException">Stopped by the user (a checkpoint is written).</exception>
    public void TrainStage(int index, StageSpec stage, IReadOnlyDictionary<string, Tensor>? optimState)
    {
        var s = _s;
        var strategy = s.Components.Strategy;
        var prefix = Architecture.Parse(s.State.FixedPrefix);
        var parameters = strategy.StartStage(stage, prefix);
        var trainer = new Trainer(_pipeline, stage.LrScale == 1.0 ? s.Config.Train : s.Config.Train.WithLrScale(stage.LrScale));
        var from = new StagePosition(s.State.Epoch, s.State.StepInEpoch, s.State.Step);
        var context = s.Context;
        RngStreams? stageRng = null;
        if (_independent)
        {
            long seed = RunSeeds.IndependentStage(s.Config.Run.Seed, index);
            stageRng = new RngStreams(seed);
            if (from.Step > 0) stageRng.SetState(s.State.StageRng);
            else
            {
                manual_seed(seed);
                TeacherState.Restore(s);
            }
            context = new RunContext(s.Device, stageRng, s.Context.Log, s.Metrics, s.Folder.Path, s.Context.Cancel);
        }
        var task = new StrategyTask(strategy, stage, parameters, context);
        long globalAtStart = s.State.GlobalStep - s.State.Step;
        Log.Info("Stage {Stage} ({Name}): {Params:N0} trainable parameters, {Steps} steps, fixed prefix '{Prefix}'{Resume}",
            index, stage.Name, parameters.Sum(p => p.Parameter.numel()), trainer.StepsPerStage, prefix,
            from.Step > 0 ? $", resuming at step {from.Step}" : "");
        var clock = Stopwatch.StartNew();
        var end = trainer.Run(task, index, from, globalAtStart, from.Step > 0 ? optimState : null, (next, optimizer, m) =>
        {
            if (!s.RecordStep(PhaseNames.Supernet, index, m, next)) return;
            s.State.AddTime(PhaseNames.Supernet, clock.Elapsed.TotalSeconds);
            clock.Restart();
            if (stageRng is not null) s.State.StageRng = stageRng.GetState();
            s.Checkpoint(SupernetState.Tensors(s)
                .Concat(optimizer.State.Select(kv => new KeyValuePair<string, Tensor>(SupernetPhase.OptimPrefix + kv.Key, kv.Value))));
        }, s.Context.Cancel);
        if (s.Context.Cancel.IsCancellationRequested && end.Step < trainer.StepsPerStage)
            throw new RunInterruptedException($"supernet stage {index} at step {end.Step}");
        s.State.AddTime(PhaseNames.Supernet, clock.Elapsed.TotalSeconds);
        s.State.StageRng = new();
        // What the searcher does next must not depend on where the stage trained.
        if (_independent)
        {
            TeacherState.Restore(s);
            manual_seed(RunSeeds.AfterIndependentStage(s.Config.Run.Seed, index));
        }
    }

    /// <inheritdoc />
    public void Dispose() => _ownedSubset?.Dispose();
}
