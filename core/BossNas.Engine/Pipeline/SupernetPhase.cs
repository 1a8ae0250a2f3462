using System.Diagnostics;
using BossNas.Core.Architectures;
using BossNas.Core.Evaluation;
using BossNas.Engine.Data;
using BossNas.Engine.Runs;
using BossNas.Engine.Training;
using NLog;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// The <c>supernet</c> phase: supernet training stage by stage with the <c>[train]</c> budget, the searcher acting at
/// every stage end (a greedy block-wise searcher rates and fixes block b before stage b+1). Checkpoints every N steps
/// and at each stage end; a resumed session continues from the saved stage and step. At the end the trained
/// supernet is written to <c>supernet.bin</c> for the phases that rate with it.
/// </summary>
internal static class SupernetPhase
{
    private static readonly Logger Log = LogManager.GetLogger("supernet");

    /// <summary>Prefix of optimiser state in checkpoints.</summary>
    public const string OptimPrefix = "optim/";

    /// <summary>Runs (or continues) the phase; returns false when interrupted.</summary>
    public static bool Run(RunSession s, IReadOnlyDictionary<string, Tensor>? resumed)
    {
        var (space, strategy, searcher, _) = s.Components;
        SupernetState.Ensure(s, resumed);
        var stages = strategy.PlanStages(space);
        var searchData = s.Data.Train.Subset(s.Config.Data.SearchImages, RunSeeds.SearchSubset(s.Config.Run.Seed));
        using var ownedSubset = ReferenceEquals(searchData, s.Data.Train) ? null : searchData;
        if (ownedSubset is not null) Log.Info("Supernet training on a stratified subset of {Count} training images", searchData.Count);
        var pipeline = new BatchPipeline(searchData, s.Views, RunSeeds.SupernetData(s.Config.Run.Seed),
            s.BatchSize(s.Config.Train), s.Config.Data.Prefetch);
        using var rating = s.CreateRatingData();
        var search = new HostSearchContext(s, new EvaluationContext(space, s.Input, strategy, rating, s.Context),
            () => SupernetState.Tensors(s));

        var optimState = resumed?.Where(kv => kv.Key.StartsWith(OptimPrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[OptimPrefix.Length..], kv => kv.Value);
        for (int i = s.State.Stage; i < stages.Count; i++)
        {
            var stage = stages[i];
            var prefix = Architecture.Parse(s.State.FixedPrefix);
            var parameters = strategy.StartStage(stage, prefix);
            var trainer = new Trainer(pipeline, stage.LrScale == 1.0 ? s.Config.Train : s.Config.Train.WithLrScale(stage.LrScale));
            var task = new StrategyTask(strategy, stage, parameters, s.Context);
            var from = new StagePosition(s.State.Epoch, s.State.StepInEpoch, s.State.Step);
            long globalAtStart = s.State.GlobalStep - s.State.Step;
            Log.Info("Stage {Stage} ({Name}): {Params:N0} trainable parameters, {Steps} steps, fixed prefix '{Prefix}'{Resume}",
                i, stage.Name, parameters.Sum(p => p.Parameter.numel()), trainer.StepsPerStage, prefix,
                from.Step > 0 ? $", resuming at step {from.Step}" : "");
            var clock = Stopwatch.StartNew();
            var end = trainer.Run(task, i, from, globalAtStart, from.Step > 0 ? optimState : null, (next, optimizer, m) =>
            {
                if (!s.RecordStep("supernet", i, m, next)) return;
                s.State.AddTime("supernet", clock.Elapsed.TotalSeconds);
                clock.Restart();
                s.Checkpoint(SupernetState.Tensors(s)
                    .Concat(optimizer.State.Select(kv => new KeyValuePair<string, Tensor>(OptimPrefix + kv.Key, kv.Value))));
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
            search.BlockRatings.Clear();
            var fixedPrefix = searcher.OnStageEnd(stage, prefix, search);
            if (space.Validate(fixedPrefix, allowPartial: true) is { } why)
                throw new InvalidOperationException($"the searcher fixed an invalid prefix '{fixedPrefix}' after stage {stage.Name}: {why}");
            s.State.AddTime("search", searchClock.Elapsed.TotalSeconds);
            for (int b = prefix.Blocks.Count; b < fixedPrefix.Blocks.Count; b++)
            {
                s.Metrics.Write("fixed", new Dictionary<string, object?> { ["block"] = b, ["path"] = fixedPrefix.Blocks[b].ToString() });
                Log.Info("Block {Block}: rated {Count} candidates in {Seconds:F1} s; fixed path {Path}", b,
                    search.BlockRatings.Count(r => r.Block == b), searchClock.Elapsed.TotalSeconds, fixedPrefix.Blocks[b]);
            }
            s.State.FixedPrefix = fixedPrefix.ToString();
            s.State.SearcherState = searcher.SaveState();
            s.State.Stage = i + 1;
            (s.State.Epoch, s.State.StepInEpoch, s.State.Step) = (0, 0, 0);
            s.Checkpoint(SupernetState.Tensors(s));
        }
        SupernetState.SaveFinal(s);
        return true;
    }
}
