using System.Diagnostics;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
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
internal sealed class SupernetPhase : IPhase
{
    private static readonly Logger Log = LogManager.GetLogger(PhaseNames.Supernet);

    /// <summary>Prefix of optimiser state in checkpoints.</summary>
    public const string OptimPrefix = "optim/";

    /// <inheritdoc />
    public string Name => PhaseNames.Supernet;

    /// <inheritdoc />
    public IReadOnlyList<ComponentKind> Roles { get; } = [ComponentKind.Supervision, ComponentKind.Searcher, ComponentKind.Evaluator];

    /// <inheritdoc />
    public IReadOnlyList<PhaseNeed> Needs { get; } = [];

    /// <inheritdoc />
    public string Produces => "supernet.bin (the trained supernet), the blocks a block-wise searcher fixed, stage-end block ratings";

    /// <inheritdoc />
    public void Run(RunSession s, IReadOnlyDictionary<string, Tensor>? resumed)
    {
        var (space, strategy) = (s.Components.Space, s.Components.Strategy);
        SupernetState.Ensure(s, resumed);
        var stages = strategy.PlanStages(space);
        using var rating = s.CreateRatingData();
        using var search = new HostSearchContext(s, new EvaluationContext(space, s.Input, strategy, rating, s.Context),
            () => SupernetState.Tensors(s));
        if (SupernetTraining.AreIndependent(stages) && s.PartsExecutor is { } executor)
        {
            Parts.StageParts.Run(s, stages, executor, (i, stage) => EndStage(s, i, stage, search));
        }
        else
        {
            using var training = new SupernetTraining(s, stages);
            var optimState = OptimState(resumed);
            for (int i = s.State.Stage; i < stages.Count; i++)
            {
                training.TrainStage(i, stages[i], optimState);
                optimState = null;
                EndStage(s, i, stages[i], search);
            }
        }
        SupernetState.SaveFinal(s);
    }

    /// <summary>The optimiser state saved in a resumed checkpoint, or null.</summary>
    public static Dictionary<string, Tensor>? OptimState(IReadOnlyDictionary<string, Tensor>? resumed) =>
        resumed?.Where(kv => kv.Key.StartsWith(OptimPrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[OptimPrefix.Length..], kv => kv.Value);

    /// <summary>After stage <paramref name="index"/> trained: the searcher acts, the fixed prefix is recorded, checkpoint.</summary>
    private static void EndStage(RunSession s, int index, StageSpec stage, HostSearchContext search)
    {
        var (space, searcher) = (s.Components.Space, s.Components.Searcher);
        var prefix = Architecture.Parse(s.State.FixedPrefix);
        var searchClock = Stopwatch.StartNew();
        search.BlockRatings.Clear();
        var fixedPrefix = searcher.OnStageEnd(stage, prefix, search);
        if (space.Validate(fixedPrefix, allowPartial: true) is { } why)
            throw new InvalidOperationException($"the searcher fixed an invalid prefix '{fixedPrefix}' after stage {stage.Name}: {why}");
        s.State.AddTime(PhaseNames.Search, searchClock.Elapsed.TotalSeconds);
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
