using BossNas.Core.Components;
using BossNas.Core.Data;
using BossNas.Core.Context;
using BossNas.Core.Supervision;
using static TorchSharp.torch;

namespace BossNas.Plugins.SinglePath;

/// <summary>
/// BigNAS (Yu et al. 2020, as AttentiveNAS/XNAS/pytorch-BigNAS implement it): every step runs the sandwich rule
/// (<see cref="SandwichRule"/>): the largest architecture learns from the labels with label smoothing (and optional
/// dropout: regularisation only on the largest), then the random and the smallest architectures learn from the
/// largest one's detached soft targets (<see cref="InplaceDistillation"/>); gradients of all of them accumulate into
/// one optimiser step. Elasticity is the space's: NATS widths, MBConv kernels, expansions and depth (with its skip
/// choice). Elastic resolution is not implemented. Architectures are rated by <c>accuracy</c> with inherited
/// weights after BN recalibration and reported with the <c>inherit</c> phase, without retraining.
/// </summary>
[Component(ComponentKind.Supervision, "bignas", typeof(BigNasOptions),
    Description = "BigNAS: sandwich rule (largest, random, smallest) with inplace distillation from the largest")]
public sealed class BigNasStrategy(BigNasOptions options) : SinglePathStrategy
{
    private SandwichRule? _sandwich;

    /// <inheritdoc />
    protected override string Name => "bignas";

    /// <summary>The sandwich of this space.</summary>
    internal SandwichRule Sandwich => _sandwich ?? throw new InvalidOperationException("bignas: Build has not been called");

    /// <inheritdoc />
    protected override void AfterBuild(RunContext context)
    {
        _sandwich = new SandwichRule(Space, Input, options.Sandwich);
        context.Log.Info("bignas: largest {Largest}, smallest {Smallest}", _sandwich.Largest, _sandwich.Smallest);
    }

    /// <inheritdoc />
    public override double TrainStep(TrainBatch batch, StepInfo step, double lossScale, RunContext context)
    {
        var archs = Sandwich.Draw(context.Rng["sampling"]);
        Tensor? teacher = null;
        double last = 0;
        try
        {
            for (int i = 0; i < archs.Count; i++)
            {
                using var scope = NewDisposeScope();
                Tensor loss;
                if (i == 0)
                {
                    var features = Supernet.ForwardFeatures(batch.Images, archs[i]).mean(new long[] { 2, 3 }, keepdim: true);
                    if (options.Dropout > 0) features = nn.functional.dropout(features, options.Dropout, training: true);
                    var logits = Classifier.Classify(features);
                    loss = nn.functional.cross_entropy(logits, batch.Labels, label_smoothing: options.LabelSmoothing);
                    teacher = logits.detach().DetachFromDisposeScope();
                }
                else
                {
                    var logits = Logits(batch.Images, archs[i]);
                    loss = options.InplaceDistillation
                        ? InplaceDistillation.SoftCrossEntropy(logits, teacher!)
                        : nn.functional.cross_entropy(logits, batch.Labels);
                }
                (loss * lossScale).backward();
                last = loss.item<float>();
            }
        }
        finally
        {
            teacher?.Dispose();
        }
        return last;
    }
}
