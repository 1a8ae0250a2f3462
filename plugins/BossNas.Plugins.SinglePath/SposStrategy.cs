using BossNas.Core.Components;
using BossNas.Core.Data;
using BossNas.Core.Context;
using BossNas.Core.Supervision;
using static TorchSharp.torch;

namespace BossNas.Plugins.SinglePath;

/// <summary>
/// Single Path One-Shot (Guo et al. 2020; megvii-model/SinglePathOneShot): every step trains one path of the whole
/// supernet, drawn uniformly (or by FLOPs bins), with label-smoothed cross-entropy. Ops off the path get no gradient,
/// so the engine's optimisers leave them untouched (the public code's "grad = None" fix). The supernet BNs of SPOS
/// have no affine parameters: set the space's <c>supernet_bn_affine = false</c> where it has that option.
/// </summary>
[Component(ComponentKind.Supervision, "spos", typeof(SposOptions),
    Description = "SPOS: uniform single-path supernet training (optional FLOPs bins), label-smoothed CE")]
public sealed class SposStrategy(SposOptions options) : SinglePathStrategy
{
    private FlopsBinSampler? _bins;

    /// <inheritdoc />
    protected override string Name => "spos";

    /// <summary>Steps whose FLOPs-bin rejection sampling timed out and took an unconstrained path.</summary>
    public int TimedOut { get; private set; }

    /// <inheritdoc />
    protected override void AfterBuild(RunContext context)
    {
        if (options.ConvInit == "he_fan_out") ConvInit.HeFanOut(Supernet);
        if (options.Sampling == "flops_bins")
        {
            _bins = new FlopsBinSampler(Space, Input, options.Bins, options.BinMin, options.BinMax, options.Timeout);
            context.Log.Info("spos: FLOPs bins {Edges}", string.Join(", ", _bins.Edges.Select(e => e.ToString("G4"))));
        }
    }

    /// <inheritdoc />
    public override double TrainStep(TrainBatch batch, StepInfo step, double lossScale, RunContext context)
    {
        var rng = context.Rng["sampling"];
        Core.Architectures.Architecture arch;
        if (_bins is null) arch = Space.SampleArchitecture(rng);
        else
        {
            arch = _bins.Sample(rng, out bool timedOut);
            if (timedOut) TimedOut++;
        }
        var loss = nn.functional.cross_entropy(Logits(batch.Images, arch), batch.Labels, label_smoothing: options.LabelSmoothing);
        (loss * lossScale).backward();
        return loss.item<float>();
    }
}
