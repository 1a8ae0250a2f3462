using BossNas.Core.Components;
using BossNas.Core.Data;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using static TorchSharp.torch;

namespace BossNas.Plugins.SinglePath;

/// <summary>
/// BigNAS (Yu et al. 2020, as AttentiveNAS/XNAS/pytorch-BigNAS implement it): every step runs the sandwich rule
/// (<see cref="SandwichRule"/>): the largest architecture learns from the labels with label smoothing (and optional
/// dropout: regularisation only on the largest), then the random and the smallest architectures learn from the
/// largest one's detached soft targets (<see cref="InplaceDistillation"/>); gradients of all of them accumulate into
/// one optimiser step. Drop-connect (<see cref="BigNasOptions.DropConnect"/>) is set on the space's supernet for the
/// largest architecture's forward only and reset before the others. Elasticity is the space's: on <c>elastic_mbconv</c>
/// every child is a slice of the largest network (BigNAS proper: resolution, width, depth, kernel, expansion); on a
/// space whose choices have separate weights (<c>mbconv</c>, <c>hytra</c>) this is sandwich training with inplace
/// distillation, not BigNAS, and the strategy says so in the log. Architectures are rated by <c>accuracy</c> with
/// inherited weights after BN recalibration and reported with the <c>inherit</c> phase, without retraining.
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
        if (Space.Sharing.Ops == WeightSharing.Separate)
            context.Log.Warn("bignas: {Space}'s choices have separate weights ({Sharing}): sandwich + inplace distillation on " +
                             "separate weights is not BigNAS, whose children are slices of the largest network (use elastic_mbconv)",
                ComponentNames.Of(Space), Space.Sharing);
        if (options.DropConnect > 0 && Supernet is not IStochasticDepth)
            throw new InvalidOperationException($"bignas: drop_connect = {options.DropConnect} but the supernet of " +
                $"{ComponentNames.Of(Space)} has no drop-connect (it does not implement IStochasticDepth); set drop_connect = 0");
    }

    /// <summary>Sets the supernet's drop-connect rate (when it has one): the option's for the largest, 0 otherwise.</summary>
    private void SetDropConnect(double rate)
    {
        if (Supernet is IStochasticDepth depth) depth.DropConnectRate = rate;
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
                    if (options.DropConnect > 0) SetDropConnect(options.DropConnect);
                    Tensor features;
                    try
                    {
                        features = Supernet.ForwardFeatures(batch.Images, archs[i]).mean(new long[] { 2, 3 }, keepdim: true);
                    }
                    finally
                    {
                        // The mask is part of the graph already; every later forward (children, rating) runs without it.
                        if (options.DropConnect > 0) SetDropConnect(0);
                    }
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
