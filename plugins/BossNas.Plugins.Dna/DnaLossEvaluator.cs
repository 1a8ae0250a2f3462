using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Nn;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Core.Supervision.Capabilities;
using TorchSharp;
using static TorchSharp.torch;

namespace BossNas.Plugins.Dna;

/// <summary>
/// DNA's rating of a block's candidate paths: per candidate, the path's BatchNorm
/// statistics (and the stem's, at block 0) are recomputed on one fixed calibration batch — the teacher's guide of the
/// first calibration batch, the public code's <c>reset_data</c> — then, in eval mode, the candidate's output on the
/// teacher's guide of each rating batch (validation images) is scored by the normalised distillation loss
/// mean|s − t| / std(t) (<c>cl_loss</c>) in float64, averaged over the batches. Lower is better. Whole architectures
/// score the sum over their blocks, as DNA's search sums block losses.
/// </summary>
[Component(ComponentKind.Evaluator, "dna_loss", typeof(DnaLossOptions),
    Description = "normalised distillation loss mean|s-t|/std(t) of each block path after BN correction (DNA)")]
public sealed class DnaLossEvaluator : IEvaluator
{
    private readonly DnaLossOptions _options;

    /// <summary>Creates the evaluator.</summary>
    public DnaLossEvaluator(DnaLossOptions options) => _options = options;

    /// <summary>True: scores are losses.</summary>
    public bool LowerIsBetter => true;

    /// <summary>Block paths, and whole architectures as sums of their blocks' scores.</summary>
    public RatingScope Scope => RatingScope.BlockPaths | RatingScope.Architectures;

    /// <inheritdoc />
    public string? CheckCompatible(ISearchSpace space, ISupervisionStrategy? strategy) =>
        strategy is IBlockDistillation ? null
            : $"dna_loss rates with a teacher and a block-wise distilled student supernet (IBlockDistillation, e.g. dna); {ComponentNames.Of(strategy)} has none";

    /// <inheritdoc />
    /// <remarks>
    /// A student block runs on the teacher's guide whatever the architecture's own earlier blocks are, so each block's
    /// paths are rated once, after the teacher's blocks, and an architecture scores the sum of its paths' scores (the
    /// same numbers <see cref="BlockScoreSum"/> gives per prefix, without rating a block again for every prefix).
    /// </remarks>
    public IReadOnlyList<Rating> RateArchitectures(IReadOnlyList<Architecture> candidates, EvaluationContext context)
    {
        var space = context.Space;
        var teacher = Distillation(context).TeacherArchitecture;
        foreach (var architecture in candidates)
            if (space.Validate(architecture) is { } why)
                throw new ArgumentException($"cannot rate '{architecture}': {why}", nameof(candidates));
        var sums = new double[candidates.Count];
        for (int b = 0; b < space.Blocks.Count; b++)
        {
            var prefix = teacher.Prefix(b);
            var offered = space.CandidatePaths(b, prefix).ToHashSet();
            var paths = candidates.Select(a => a.Blocks[b]).Distinct().ToList();
            if (paths.FirstOrDefault(p => !offered.Contains(p)) is { } foreign)
                throw new ArgumentException($"dna_loss rates block {b} after the teacher's blocks, where '{foreign}' is not a candidate path",
                    nameof(candidates));
            var scores = RateBlock(b, prefix, paths, context).ToDictionary(r => r.Path!, r => r.Score);
            for (int i = 0; i < candidates.Count; i++) sums[i] += scores[candidates[i].Blocks[b]];
        }
        return candidates.Select((a, i) => Rating.ForArchitecture(a, sums[i])).ToList();
    }

    /// <inheritdoc />
    public IReadOnlyList<Rating> RateBlock(int block, Architecture prefix, IReadOnlyList<BlockPath> candidates, EvaluationContext context)
    {
        var strategy = Distillation(context);
        var supernet = context.Strategy!.Supernet;
        var teacherModule = strategy.TeacherModule;
        var teacher = strategy.Teacher;
        var calibration = context.Data.CalibrationBatches;
        if (calibration.Count == 0) throw new InvalidOperationException("dna_loss needs a calibration batch ([data] calibration_batches)");
        var batches = context.Data.LabelledBatches.Take(_options.RatingBatches).Select(b => b.Images).ToList();
        if (batches.Count == 0) throw new InvalidOperationException("dna_loss needs validation batches ([data] rating_images)");

        // Everything made here (teacher features, saved statistics) is freed when rating the block is over.
        using var outer = NewDisposeScope();
        var teacherNorms = BatchNormCalibration.Find(teacherModule);
        var saved = teacherNorms.SelectMany(n => new[] { n.running_mean, n.running_var, n.num_batches_tracked })
            .Where(t => t is not null).Select(t => t!.detach().clone()).ToList();
        bool teacherTraining = teacherModule.training, supernetTraining = supernet.training;
        try
        {
            if (_options.TeacherBnCorrection)
                BatchNormCalibration.Recalibrate(teacherNorms, new[] { calibration[0] }, x => teacher.ForwardFeatures(x), teacherModule);
            teacherModule.eval();
            var calibrationGuide = TeacherSplit.GuideAndTarget(teacher, block, calibration[0]).Guide;
            var pairs = batches.Select(images => TeacherSplit.GuideAndTarget(teacher, block, images)).ToList();

            var norms = StudentNorms(supernet, block);
            var ratings = new List<Rating>(candidates.Count);
            foreach (var path in candidates)
            {
                var p = path;
                BatchNormCalibration.Recalibrate(norms, new[] { calibrationGuide }, g => strategy.StudentBlock(block, g, p), supernet);
                supernet.eval();
                double sum = 0;
                using (no_grad())
                {
                    foreach (var (guide, target) in pairs)
                    {
                        using var scope = NewDisposeScope();
                        sum += DistillationLoss.Normalised(strategy.StudentPrediction(block, guide, p), target);
                    }
                }
                ratings.Add(Rating.ForBlock(block, prefix, path, sum / pairs.Count));
            }
            return ratings;
        }
        finally
        {
            // The teacher leaves as it came: its learnt statistics and its mode.
            using (no_grad())
            {
                int k = 0;
                foreach (var n in teacherNorms)
                    foreach (var t in new[] { n.running_mean, n.running_var, n.num_batches_tracked })
                        if (t is not null) t.copy_(saved[k++]);
            }
            teacherModule.train(teacherTraining);
            supernet.train(supernetTraining);
        }
    }

    private IBlockDistillation Distillation(EvaluationContext context) =>
        context.Strategy as IBlockDistillation ?? throw new InvalidOperationException(CheckCompatible(context.Space, context.Strategy));

    /// <summary>The BatchNorms a path of <paramref name="block"/> runs through: the block's, and the stem's at block 0.</summary>
    private static List<TorchSharp.Modules.NormBase> StudentNorms(Supernet supernet, int block)
    {
        if (block > 0) return BatchNormCalibration.Find(supernet.BlockModules(block).ToArray());
        var later = Enumerable.Range(1, supernet.BlockCount - 1).SelectMany(b => BatchNormCalibration.Find(supernet.BlockModules(b).ToArray()))
            .ToHashSet(ReferenceEqualityComparer.Instance);
        return BatchNormCalibration.Find(supernet).Where(n => !later.Contains(n)).ToList();
    }
}
