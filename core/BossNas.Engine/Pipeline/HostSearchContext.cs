using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Context;
using BossNas.Core.Costs;
using BossNas.Engine.Costs;
using BossNas.Core.Searching;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Engine.Checkpoints;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// The engine's <see cref="SearchContext"/>: every rating goes through the evaluator, is checked, costed, recorded in
/// <c>ratings/</c> and <c>metrics.jsonl</c>, and (for whole architectures) remembered in the run state, so that a
/// resumed search sees exactly the ratings the interrupted one had.
/// </summary>
internal sealed class HostSearchContext : SearchContext, IDisposable
{
    private readonly RunSession _s;
    private readonly EvaluationContext _evaluation;
    private readonly Func<IEnumerable<KeyValuePair<string, Tensor>>> _checkpointTensors;
    private readonly Dictionary<string, ArchitectureRatingRecord> _rated;
    private Data.HeldOutRatingData? _secondPass;

    /// <summary>Creates the context for one phase; <paramref name="checkpointTensors"/> are saved with every searcher checkpoint.</summary>
    public HostSearchContext(RunSession s, EvaluationContext evaluation, Func<IEnumerable<KeyValuePair<string, Tensor>>> checkpointTensors)
    {
        _s = s;
        _evaluation = evaluation;
        _checkpointTensors = checkpointTensors;
        _rated = s.State.ArchitectureRatings.ToDictionary(r => r.Architecture, StringComparer.Ordinal);
    }

    private IEvaluator Evaluator => _s.Components.Evaluator;

    /// <inheritdoc />
    public override ISearchSpace Space => _s.Components.Space;

    /// <inheritdoc />
    public override InputShape Input => _s.Input;

    /// <inheritdoc />
    public override ISupervisionStrategy? Strategy => _s.Components.StrategyOrNull;

    /// <inheritdoc />
    public override RunContext Run => _s.Context;

    /// <inheritdoc />
    public override bool LowerIsBetter => Evaluator.LowerIsBetter;

    private CostMetricSet Metrics => _s.Components.CostMetrics;

    /// <inheritdoc />
    public override IReadOnlyList<CostMetricInfo> CostMetrics => Metrics.Infos;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Costs(Architecture architecture) => Metrics.Values(Space, Input, architecture);

    /// <inheritdoc />
    public override double CostOf(string metric, Architecture architecture) =>
        _rated.TryGetValue(architecture.ToString(), out var r) && r.Value(metric) is { } known ? known
            : Metrics.Value(metric, Space, Input, architecture);

    /// <summary>Block ratings made through this context, in order (the supernet phase logs them).</summary>
    public List<Rating> BlockRatings { get; } = new();

    /// <inheritdoc />
    public override IReadOnlyList<Rating> RateBlock(int block, Architecture prefix, IReadOnlyList<BlockPath> candidates)
    {
        _s.RatingObserver?.Invoke(_s.RatingRequests++);
        if (!Evaluator.Scope.HasFlag(RatingScope.BlockPaths))
            throw new InvalidOperationException($"evaluator '{ComponentNames.Of(Evaluator)}' does not rate block paths");
        var ratings = _s.Progress.Rating($"block {block}", candidates.Count, () => Evaluator.RateBlock(block, prefix, candidates, _evaluation));
        RatingChecks.Require(ComponentNames.Of(Evaluator), candidates.Select(p => Candidate.OfBlock(block, prefix, p)).ToList(), ratings);
        var costed = CandidateCost.Fill(Space, Input, prefix, ratings, Metrics);
        RatingRecorder.RecordBlock(_s.Folder, _s.Metrics, block, costed, LowerIsBetter, Metrics.Names);
        BlockRatings.AddRange(costed);
        // Kept for later ratings of whole architectures (a block rated again behind the same prefix replaces its scores).
        var prefixText = prefix.ToString();
        _s.State.StageRatings.RemoveAll(r => r.Block == block && r.Prefix == prefixText);
        _s.State.StageRatings.AddRange(costed.Select(r => new BlockRatingRecord(block, prefixText, r.Path!.ToString(), r.Score)));
        if (_s.Config.Pipeline.Reliability) MeasureReliability(block, prefix, candidates, ratings);
        return costed;
    }

    /// <summary>Rates the block's candidates again on independent rating data and records τ between the two passes.</summary>
    private void MeasureReliability(int block, Architecture prefix, IReadOnlyList<BlockPath> candidates, IReadOnlyList<Rating> first)
    {
        if (candidates.Count < 2) return;
        _secondPass ??= _s.CreateSecondRatingData();
        var context = _s.WithRunRatings(_evaluation with { Data = _secondPass }, stageRatings: false);
        var reliability = _s.Progress.Rating($"block {block}, second pass", candidates.Count,
            () => RatingReliability.OfBlock(Evaluator, block, prefix, candidates, first, context));
        _s.State.BlockReliability.RemoveAll(r => r.Block == block);
        _s.State.BlockReliability.Add(reliability);
        _s.Metrics.Write("reliability", new Dictionary<string, object?>
        {
            ["block"] = block, ["candidates"] = candidates.Count, ["kendall_tau_b"] = reliability.KendallTauB,
            ["spearman_rho"] = reliability.SpearmanRho,
        });
        _s.Context.Log.Info("Block {Block}: ratings of two independent passes agree at Kendall tau {Tau:F3}, Spearman rho {Rho:F3}",
            block, reliability.KendallTauB, reliability.SpearmanRho);
    }

    /// <inheritdoc />
    public override IReadOnlyList<Rating> RateArchitectures(IReadOnlyList<Architecture> candidates)
    {
        _s.RatingObserver?.Invoke(_s.RatingRequests++);
        if (!Evaluator.Scope.HasFlag(RatingScope.Architectures))
            throw new InvalidOperationException($"evaluator '{ComponentNames.Of(Evaluator)}' does not rate whole architectures");
        foreach (var a in candidates)
            if (Space.Validate(a) is { } why) throw new ArgumentException($"cannot rate '{a}': {why}", nameof(candidates));
        var missing = candidates.Select(a => a.ToString()).Where(k => !_rated.ContainsKey(k)).Distinct().Select(Architecture.Parse).ToList();
        if (missing.Count > 0)
        {
            var evaluation = _s.WithRunRatings(_evaluation);
            var ratings = _s.Progress.Rating("architectures", missing.Count, () => Evaluator.RateArchitectures(missing, evaluation));
            RatingChecks.Require(ComponentNames.Of(Evaluator), missing.Select(Candidate.Whole).ToList(), ratings);
            var fresh = new List<ArchitectureRatingRecord>();
            foreach (var r in ratings)
            {
                var cost = r.Cost ?? Space.Cost(r.Candidate.Architecture, Input);
                var record = ArchitectureRatingRecord.Of(r.Candidate.Architecture.ToString(), r.Score, cost,
                    Metrics.Values(Space, Input, r.Candidate.Architecture, cost));
                _rated[record.Architecture] = record;
                _s.State.ArchitectureRatings.Add(record);
                fresh.Add(record);
            }
            RatingRecorder.RecordArchitectures(_s.Folder, _s.Metrics, fresh, _s.State.ArchitectureRatings, LowerIsBetter, Metrics.Names);
        }
        return candidates.Select(a =>
        {
            var r = _rated[a.ToString()];
            var cost = new Cost(r.MAdds, r.Params);
            // A rating kept from before a resume with other metrics (--force) gets the missing ones computed.
            var costs = r.Values(Metrics.Names);
            if (costs.Count < Metrics.Names.Count) costs = Metrics.Values(Space, Input, a, cost);
            return new Rating(Candidate.Whole(a), r.Score, cost, costs);
        }).ToList();
    }

    /// <inheritdoc />
    public override void Checkpoint()
    {
        _s.State.SearcherState = _s.Components.Searcher.SaveState();
        _s.Checkpoint(_checkpointTensors());
        if (_s.Context.Cancel.IsCancellationRequested) throw new RunInterruptedException($"phase {_s.State.Phase}");
    }

    /// <inheritdoc />
    public void Dispose() => _secondPass?.Dispose();
}
