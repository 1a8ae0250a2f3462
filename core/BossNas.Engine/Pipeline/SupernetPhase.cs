using System.Diagnostics;
using BossNas.Core.Architectures;
using BossNas.Core.Evaluation;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Data;
using BossNas.Engine.Training;
using NLog;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// Supernet training, stage by stage, with the searcher acting at every stage end (a greedy block-wise
/// searcher rates and fixes block b before stage b+1). Checkpoints every N steps and at each stage end;
/// a resumed session continues from the saved stage and step.
/// </summary>
public static class SupernetPhase
{
    private static readonly Logger Log = LogManager.GetLogger("supernet");

    /// <summary>Prefix of the strategy's tensors in checkpoints.</summary>
    public const string ModelPrefix = "strategy/";

    /// <summary>Prefix of optimiser state in checkpoints.</summary>
    public const string OptimPrefix = "optim/";

    /// <summary>Runs (or continues) the phase; returns false when interrupted.</summary>
    public static bool Run(RunSession s, IReadOnlyDictionary<string, Tensor>? resumed)
    {
        var (space, strategy, searcher, evaluator) = s.Components;
        var stages = strategy.PlanStages(space);
        var searchData = s.Data.Train.Subset(s.Config.Data.SearchImages, s.Config.Run.Seed + 17);
        using var ownedSubset = ReferenceEquals(searchData, s.Data.Train) ? null : searchData;
        if (ownedSubset is not null) Log.Info("Supernet training on a stratified subset of {Count} training images", searchData.Count);
        var pipeline = new BatchPipeline(searchData, s.Views, s.Config.Run.Seed, s.Config.Data.BatchSize, s.Config.Data.Prefetch);
        var trainer = new Trainer(pipeline, s.Config.Train);
        using var rating = new RatingData(s.Data, s.Views, strategy.Views(stages[0]).Pipeline, s.Config.Data.BatchSize,
            s.Config.Data.RatingImages, s.Config.Data.CalibrationBatches, s.Config.Run.Seed, s.Device);
        var evalContext = new EvaluationContext(space, s.Input, strategy, rating, s.Context);
        var modules = strategy.Modules;

        var optimState = resumed?.Where(kv => kv.Key.StartsWith(OptimPrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[OptimPrefix.Length..], kv => kv.Value);
        for (int i = s.State.Stage; i < stages.Count; i++)
        {
            var stage = stages[i];
            var prefix = Architecture.Parse(s.State.FixedPrefix);
            var parameters = strategy.StartStage(stage, prefix);
            var task = new StrategyTask(strategy, stage, parameters, s.Context);
            var from = new StagePosition(s.State.Epoch, s.State.StepInEpoch, s.State.Step);
            long globalAtStart = s.State.GlobalStep - s.State.Step;
            Log.Info("Stage {Stage} ({Name}): {Params:N0} trainable parameters, {Steps} steps, fixed prefix '{Prefix}'{Resume}",
                i, stage.Name, parameters.Sum(p => p.Parameter.numel()), trainer.StepsPerStage, prefix,
                from.Step > 0 ? $", resuming at step {from.Step}" : "");
            var clock = Stopwatch.StartNew();
            var end = trainer.Run(task, i, from, globalAtStart, from.Step > 0 ? optimState : null, (next, optimizer, m) =>
            {
                if (s.RecordStep("supernet", i, m, next)) Save(s, optimizer, clock);
            }, s.Context.Cancel);
            optimState = null;
            if (s.Context.Cancel.IsCancellationRequested && end.Step < trainer.StepsPerStage)
            {
                s.Progress.Break();
                Log.Warn("Interrupted in stage {Stage} at step {Step}; checkpoint written, run again to resume", i, end.Step);
                return false;
            }
            s.State.AddTime("supernet", clock.Elapsed.TotalSeconds);

            var searchClock = Stopwatch.StartNew();
            var (fixedPrefix, ratings) = searcher.OnStageEnd(stage, prefix, evaluator, evalContext);
            s.State.AddTime("search", searchClock.Elapsed.TotalSeconds);
            if (stage.Block is int b && fixedPrefix.Blocks.Count > b)
            {
                var chosen = fixedPrefix.Blocks[b];
                RatingRecorder.Record(s.Folder, s.Metrics, b, CandidateCost.Fill(space, s.Input, prefix, ratings),
                    evaluator.LowerIsBetter, chosen);
                Log.Info("Block {Block}: rated {Count} candidates in {Seconds:F1} s; fixed path {Path}", b, ratings.Count,
                    searchClock.Elapsed.TotalSeconds, chosen);
            }
            s.State.FixedPrefix = fixedPrefix.ToString();
            s.State.Stage = i + 1;
            (s.State.Epoch, s.State.StepInEpoch, s.State.Step) = (0, 0, 0);
            s.Checkpoint(ModelTensors(modules));
        }
        return true;
    }

    /// <summary>The strategy's parameters and buffers under the checkpoint prefix.</summary>
    public static IEnumerable<KeyValuePair<string, Tensor>> ModelTensors(nn.Module modules) =>
        modules.state_dict().Select(kv => new KeyValuePair<string, Tensor>(ModelPrefix + kv.Key, kv.Value));

    private static void Save(RunSession s, Training.Optimizers.Optimizer optimizer, Stopwatch clock)
    {
        s.State.AddTime("supernet", clock.Elapsed.TotalSeconds);
        clock.Restart();
        var tensors = ModelTensors(s.Components.Strategy.Modules)
            .Concat(optimizer.State.Select(kv => new KeyValuePair<string, Tensor>(OptimPrefix + kv.Key, kv.Value)));
        s.Checkpoint(tensors);
    }
}
