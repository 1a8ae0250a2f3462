using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Nn;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Core.Supervision.Capabilities;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.EnsembleBootstrapping;

/// <summary>
/// BossNAS's rating: every candidate path of the block is scored by how well its online
/// prediction matches the population center, the mean of the RAW target projections of all candidates, on
/// fixed cached view pairs: score_P = mean over batches of L(pred(z1_P), C2) + L(pred(z2_P), C1), lower is
/// better. Each candidate is rated with BatchNorm statistics recalibrated for it.
/// </summary>
/// <remarks>
/// Order: candidate-major. The prefix's BatchNorm layers are recalibrated once (their statistics do not depend
/// on the candidate, so this equals recalibrating them per candidate); then, per candidate, the block's,
/// projectors' and predictor's BatchNorm layers are recalibrated once on the calibration batches and the
/// candidate's predictions for all rating batches are kept (normalised, [B, proj] each) while the raw target
/// projections are summed per batch in float64. The centers and scores follow after the last candidate.
/// BossNAS recalibrated per candidate per batch, with identical calibration data, hence identical statistics.
/// All BatchNorm statistics, momenta and train/eval modes are restored afterwards.
/// </remarks>
[Component(ComponentKind.Evaluator, "population_center", typeof(PopulationCenterOptions),
    Description = "rates block paths towards the population center of target projections (BossNAS)")]
public sealed class PopulationCenterEvaluator : IEvaluator
{
    private readonly PopulationCenterOptions _options;

    /// <summary>Creates the evaluator.</summary>
    public PopulationCenterEvaluator(PopulationCenterOptions options) => _options = options;

    /// <inheritdoc />
    public bool LowerIsBetter => true;

    /// <summary>
    /// Block paths; a whole architecture scores the sum of its blocks' scores, as BossNAS ranks architectures: by default
    /// the stage-end ratings behind the searched prefix (<see cref="SearchedPrefixSum"/>), with
    /// <c>architecture_prefix = "own"</c> each block behind the architecture's own earlier blocks (<see cref="BlockScoreSum"/>).
    /// </summary>
    public RatingScope Scope => RatingScope.BlockPaths | RatingScope.Architectures;

    /// <inheritdoc />
    public string? CheckCompatible(ISearchSpace space, ISupervisionStrategy? strategy) =>
        strategy is ISiameseBlocks
            ? null
            : "population_center rates with online/target networks and per-block predictors (ISiameseBlocks, e.g. " +
              $"ensemble_bootstrapping); {ComponentNames.Of(strategy)} has none";

    /// <inheritdoc />
    public IReadOnlyList<Rating> RateArchitectures(IReadOnlyList<Architecture> candidates, EvaluationContext context) =>
        _options.ArchitecturePrefix == "own"
            ? BlockScoreSum.Rate(this, candidates, context)
            : SearchedPrefixSum.Rate(this, candidates, context,
                _options.BlockScores == "standardised" ? SearchedPrefixSum.BlockScores.Standardised : SearchedPrefixSum.BlockScores.Raw);

    /// <inheritdoc />
    public IReadOnlyList<Rating> RateBlock(int block, Architecture prefix, IReadOnlyList<BlockPath> candidates,
        EvaluationContext context)
    {
        var m = context.Strategy as ISiameseBlocks
                ?? throw new InvalidOperationException(CheckCompatible(context.Space, context.Strategy));
        if (candidates.Count == 0) return Array.Empty<Rating>();
        var device = context.Run.Device;
        var views = context.Data.ViewBatches;
        int batchCount = _options.RatingBatches > 0 ? Math.Min(_options.RatingBatches, views.Count) : views.Count;
        var calibration = (_options.CalibrationView == 2 ? context.Data.CalibrationSecondViews : context.Data.CalibrationBatches)
            .Take(_options.CalibrationBatches).ToList();
        if (batchCount == 0) throw new InvalidOperationException("population_center: the rating data has no view batches");
        if (calibration.Count == 0)
            throw new InvalidOperationException("population_center: the rating data has no calibration batches");
        context.Run.Log.Info("Rating block {Block}: {Candidates} candidates on {Batches} view batches",
            block, candidates.Count, batchCount);
        bool lastBatch = _options.BnAverage == "last_batch";
        bool fromTarget = _options.OnlineInput == "target_prefix";
        bool calibratePredictor = _options.PredictorBn == "calibrated";

        using var snapshot = new ModuleStateSnapshot(m.Siamese);
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            m.Siamese.eval();
            var prefixModules = PrefixModules(m, block);

            // The prefix's statistics are the same for every candidate: calibrate them once, keeping the
            // calibration batches' prefix features (train mode, as a whole-network calibration would see them).
            var calibOnline = new List<Tensor>();
            var calibTarget = new List<Tensor>();
            BatchNormCalibration.Recalibrate(Norms(prefixModules, null), calibration.Select(c => c.to(device)), x =>
            {
                var t = SiameseModules.PrefixFeatures(m.Target, x, prefix, false).MoveToOuterDisposeScope();
                calibTarget.Add(t);
                calibOnline.Add(fromTarget ? t : SiameseModules.PrefixFeatures(m.Online, x, prefix, false).MoveToOuterDisposeScope());
            }, lastBatch, m.Online, m.Target);

            using var prefixCache = new PrefixFeatureCache(k =>
            {
                var pair = views[k];
                var v1 = pair.View1.to(device);
                var v2 = pair.View2.to(device);
                var t1 = SiameseModules.PrefixFeatures(m.Target, v1, prefix, false);
                var t2 = SiameseModules.PrefixFeatures(m.Target, v2, prefix, false);
                return fromTarget
                    ? new PrefixFeatures(t1.alias(), t2.alias(), t1, t2)
                    : new PrefixFeatures(SiameseModules.PrefixFeatures(m.Online, v1, prefix, false),
                        SiameseModules.PrefixFeatures(m.Online, v2, prefix, false), t1, t2);
            }, (long)_options.PrefixCacheMb << 20);

            var candidateRoots = CandidateRoots(m, block);
            // Reset with the candidate's (the predictor's too: the public code resets every BN), calibrated only if run.
            var candidateNorms = Norms(candidateRoots, prefixModules);
            var targetSums = new (Tensor S1, Tensor S2)?[batchCount];
            var predictions = new (Tensor P1, Tensor P2)[candidates.Count, batchCount];
            for (int c = 0; c < candidates.Count; c++)
            {
                var path = candidates[c];
                int next = 0;
                // Recalibrate passes the target features; the online ones of the same batch go alongside.
                BatchNormCalibration.Recalibrate(candidateNorms, calibTarget, targetFeatures =>
                {
                    var onlineFeatures = calibOnline[next++];
                    m.TargetProjection(block, targetFeatures, prefix, path);
                    var z = m.OnlineProjection(block, onlineFeatures, prefix, path);
                    if (calibratePredictor) m.Predict(block, z);
                }, lastBatch, candidateRoots);

                for (int k = 0; k < batchCount; k++)
                {
                    using var batchScope = NewDisposeScope();
                    var f = prefixCache.Get(k);
                    var t1 = CenterTerm(m.TargetProjection(block, f.Target1, prefix, path));
                    var t2 = CenterTerm(m.TargetProjection(block, f.Target2, prefix, path));
                    if (targetSums[k] is { } sums)
                    {
                        sums.S1.add_(t1);
                        sums.S2.add_(t2);
                    }
                    else
                    {
                        targetSums[k] = (t1.MoveToOuterDisposeScope(), t2.MoveToOuterDisposeScope());
                    }
                    var p1 = BootstrapMath.Normalize(m.Predict(block, m.OnlineProjection(block, f.Online1, prefix, path)));
                    var p2 = BootstrapMath.Normalize(m.Predict(block, m.OnlineProjection(block, f.Online2, prefix, path)));
                    predictions[c, k] = (p1.MoveToOuterDisposeScope(), p2.MoveToOuterDisposeScope());
                }
            }

            var scores = new double[candidates.Count];
            for (int k = 0; k < batchCount; k++)
            {
                using var batchScope = NewDisposeScope();
                var (s1, s2) = targetSums[k]!.Value;
                var center1 = s1 / candidates.Count;
                var center2 = s2 / candidates.Count;
                for (int c = 0; c < candidates.Count; c++)
                    scores[c] += BootstrapMath.CenterScore(predictions[c, k].P1, predictions[c, k].P2, center1, center2);
            }
            return candidates.Select((p, c) => Rating.ForBlock(block, prefix, p, scores[c] / batchCount)).ToList();
        }
        finally
        {
            snapshot.Restore();
        }
    }

    /// <summary>
    /// The modules the prefix forward runs, in both supernets: the stem (whichever block owns it) and the blocks
    /// before <paramref name="block"/>. Their statistics do not depend on the candidate.
    /// </summary>
    private static HashSet<nn.Module> PrefixModules(ISiameseBlocks m, int block)
    {
        var set = new HashSet<nn.Module>(ReferenceEqualityComparer.Instance);
        foreach (var net in new[] { m.Online, m.Target })
        {
            var roots = net.StemModules().Concat(Enumerable.Range(0, block).SelectMany(net.BlockModules));
            foreach (var r in roots)
                foreach (var sub in r.modules().Prepend(r)) set.Add(sub);
        }
        return set;
    }

    /// <summary>The BatchNorm layers of <paramref name="roots"/> that are not run by the prefix.</summary>
    private static List<NormBase> Norms(IEnumerable<nn.Module> roots, HashSet<nn.Module>? prefix) =>
        BatchNormCalibration.Find(roots.ToArray()).Where(n => prefix is null || !prefix.Contains(n)).ToList();

    /// <summary>The modules a candidate's rating runs after the prefix: its block, both projectors, the predictor.</summary>
    private static nn.Module[] CandidateRoots(ISiameseBlocks m, int block) =>
        m.Online.BlockModules(block).Concat(m.Target.BlockModules(block)).Concat(m.Heads(block)).ToArray();

    // Each candidate's contribution to the center, in float64.
    private Tensor CenterTerm(Tensor projection) =>
        (_options.Center == "normalized" ? BootstrapMath.Normalize(projection) : projection).to(ScalarType.Float64);
}
