using System.Diagnostics;
using BossNas.Core.Architectures;
using BossNas.Core.Evaluation;
using BossNas.Core.Supervision;
using NLog;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// The <c>supernet</c> phase: supernet training stage by stage with the <c>[train]</c> budget, the searcher acting at
/// every stage end (a greedy block-wise searcher rates and fixes block b before stage b+1). Checkpoints every N steps
/// and at each stage end; a resumed session continues from the saved stage and step. Independent stages (DNA's
/// blocks) run as separate parts when the run has a parts executor (<see cref="Parts.StageParts"/>). At the end the
/// trained supernet is written to <c>supernet.bin</c> for the phases that rate with it.
/// </summary>
internal static class SupernetPhase
{
    private static readonly Logger Log = LogManager.GetLogger("supernet");

    /// <summary>Prefix of optimiser state in checkpoints.</summary>
    public const string OptimPrefix = "optim/";

    /// <summary>Runs (or continues) the phase; returns false when interrupted.</summary>
    public static bool Run(RunSession s, IReadOnlyDictionary<string, Tensor>? resumed)
    {
        var (space, strategy, _, _) = s.Components;
        SupernetState.Ensure(s, resumed);
        var stages = strategy.PlanStages(space);
        using var rating = s.CreateRatingData();
        using var search = new HostSearchContext(s, new EvaluationContext(space, s.Input, strategy, rating, s.Context),
            () => SupernetState.Tensors(s));
        if (SupernetTraining.AreIndependent(stages) && s.PartsExecutor is { } executor)
        {
            if (!Parts.StageParts.Run(s, stages, executor, (i, stage) => EndStage(s, i, stage, search))) return false;
        }
        else
        {
            using var training = new SupernetTraining(s, stages);
            var optimState = OptimState(resumed);
            for (int i = s.State.Stage; i < stages.Count; i++)
            {
                if (!training.TrainStage(i, stages[i], optimState)) return false;
                optimState = null;
                EndStage(s, i, stages[i], search);
            }
        }
        SupernetState.SaveFinal(s);
        return true;
    }

    /// <summary>The optimiser state saved in a resumed checkpoint, or null.</summary>
    public static Dictionary<string, Tensor>? OptimState(IReadOnlyDictionary<string, Tensor>? resumed) =>
        resumed?.Where(kv => kv.Key.StartsWith(OptimPrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[OptimPrefix.Length..], kv => kv.Value);

    /// <summary>After stage <paramref name="index"/> trained: the searcher acts, the fixed prefix is recorded, checkpoint.</summary>
    private static void EndStage(RunSession s, int index, StageSpec stage, HostSearchContext search)
    {
        var (space, _, searcher, _) = s.Components;
        var prefix = Architecture.Parse(s.State.FixedPrefix);
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
        s.State.Stage = index + 1;
        (s.State.Epoch, s.State.StepInEpoch, s.State.Step) = (0, 0, 0);
        s.Checkpoint(SupernetState.Tensors(s));
    }
}
