using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Nn;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Core.Supervision.Capabilities;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.SinglePath;

/// <summary>
/// Validation accuracy of a whole architecture with the supernet's weights (SPOS <c>get_cand_err</c>, BigNAS): every
/// BatchNorm statistic is reset and re-estimated on the calibration batches along the candidate's path only
/// (cumulative average or momentum), then the path and its classifier head classify the validation batches in eval
/// mode. Shared by <c>spos</c>, <c>bignas</c> and the checks of <c>bn_nas</c>. The host never rates an architecture
/// twice in a run.
/// </summary>
[Component(ComponentKind.Evaluator, "accuracy", typeof(AccuracyOptions),
    Description = "validation accuracy of whole architectures with inherited weights after per-candidate BN recalibration")]
public sealed class AccuracyEvaluator(AccuracyOptions options) : IEvaluator
{
    /// <inheritdoc />
    public bool LowerIsBetter => false;

    /// <inheritdoc />
    public RatingScope Scope => RatingScope.Architectures;

    /// <inheritdoc />
    public string? CheckCompatible(ISearchSpace space, ISupervisionStrategy? strategy) =>
        strategy is IPathLogits ? null
            : $"accuracy needs a strategy that classifies along a path (IPathLogits: spos, bn_nas, bignas); {ComponentNames.Of(strategy)} does not";

    /// <inheritdoc />
    public IReadOnlyList<Rating> RateArchitectures(IReadOnlyList<Architecture> candidates, EvaluationContext context)
    {
        var strategy = context.Strategy!;
        var classifier = strategy as IPathLogits ?? throw new InvalidOperationException(CheckCompatible(context.Space, strategy));
        var calibration = Take(context.Data.CalibrationBatches, options.CalibrationBatches);
        var validation = Take(context.Data.LabelledBatches, options.ValidationBatches);
        var norms = BatchNormCalibration.Find(strategy.Supernet);
        var ratings = new List<Rating>(candidates.Count);
        foreach (var architecture in candidates)
        {
            Recalibrate(strategy, norms, calibration, architecture);
            ratings.Add(Rating.ForArchitecture(architecture, Accuracy(strategy, classifier, validation, architecture)));
        }
        return ratings;
    }

    private void Recalibrate(ISupervisionStrategy strategy, List<NormBase> norms, IReadOnlyList<Tensor> batches, Architecture architecture)
    {
        if (options.Calibration == "cumulative")
        {
            BatchNormCalibration.Recalibrate(norms, batches, x => strategy.Supernet.ForwardFeatures(x, architecture), strategy.Modules);
            return;
        }
        var momenta = norms.Select(n => n.momentum).ToList();
        bool training = strategy.Modules.training;
        using (no_grad())
        {
            foreach (var n in norms)
            {
                n.reset_running_stats();
                n.momentum = options.Momentum;
            }
            strategy.Modules.train();
            foreach (var batch in batches)
            {
                using var scope = NewDisposeScope();
                strategy.Supernet.ForwardFeatures(batch, architecture);
            }
        }
        for (int i = 0; i < norms.Count; i++) norms[i].momentum = momenta[i];
        strategy.Modules.train(training);
    }

    private static double Accuracy(ISupervisionStrategy strategy, IPathLogits classifier, IReadOnlyList<(Tensor Images, Tensor Labels)> batches, Architecture architecture)
    {
        bool training = strategy.Modules.training;
        strategy.Modules.eval();
        long correct = 0, total = 0;
        using (no_grad())
            foreach (var (images, labels) in batches)
            {
                using var scope = NewDisposeScope();
                correct += classifier.Logits(images, architecture).argmax(1).eq(labels).sum().item<long>();
                total += labels.shape[0];
            }
        strategy.Modules.train(training);
        return total == 0 ? 0 : (double)correct / total;
    }

    private static IReadOnlyList<T> Take<T>(IReadOnlyList<T> all, int count) => count > 0 && count < all.Count ? all.Take(count).ToList() : all;
}
