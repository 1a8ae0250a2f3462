using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Nn;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Core.Supervision.Capabilities;
using static TorchSharp.torch;

namespace BossNas.PluginTemplate;

/// <summary>
/// A whole-architecture evaluator: validation accuracy of the architecture's path through the supernet of any strategy
/// that classifies along a path (<see cref="IPathLogits"/>, as <see cref="ExampleSinglePath"/> does), after recalibrating the supernet's BatchNorm on the calibration batches for that
/// path (weight-sharing statistics belong to no single path).
/// </summary>
[Component(ComponentKind.Evaluator, "example_accuracy", Description = "example: validation accuracy of whole architectures")]
public sealed class ExampleAccuracy : IEvaluator
{
    /// <inheritdoc />
    public bool LowerIsBetter => false;

    /// <inheritdoc />
    public RatingScope Scope => RatingScope.Architectures;

    /// <inheritdoc />
    public string? CheckCompatible(ISearchSpace space, ISupervisionStrategy? strategy) =>
        strategy is IPathLogits ? null : "example_accuracy needs a strategy that classifies along a path (IPathLogits)";

    /// <inheritdoc />
    public IReadOnlyList<Rating> RateArchitectures(IReadOnlyList<Architecture> candidates, EvaluationContext context)
    {
        var strategy = context.Strategy ?? throw new InvalidOperationException("example_accuracy rates a trained supernet");
        var classifier = (IPathLogits)strategy;
        var norms = BatchNormCalibration.Find(strategy.Supernet);
        var ratings = new List<Rating>();
        foreach (var arch in candidates)
        {
            BatchNormCalibration.Recalibrate(norms, context.Data.CalibrationBatches,
                x => strategy.Supernet.ForwardFeatures(x, arch), strategy.Modules);
            strategy.Modules.eval();
            long correct = 0, total = 0;
            using (no_grad())
                foreach (var (images, labels) in context.Data.LabelledBatches)
                {
                    using var scope = NewDisposeScope();
                    var predicted = classifier.Logits(images, arch).argmax(1);
                    correct += predicted.eq(labels).sum().item<long>();
                    total += labels.shape[0];
                }
            ratings.Add(Rating.ForArchitecture(arch, (double)correct / total));
        }
        return ratings;
    }
}
