using BossNas.Core.Components;

namespace BossNas.Engine.Config;

/// <summary>Optimiser and schedule settings shared by supernet training and retraining.</summary>
public class OptimSection : IValidatableOptions
{
    /// <summary>Images per batch of this phase (0 = <c>[data] batch_size</c>).</summary>
    [Help("images per batch of this phase (0 = [data] batch_size)")]
    [Range(0, 65536)]
    public int BatchSize { get; set; }

    /// <summary>Epochs (per stage, for supernet training).</summary>
    [Help("epochs (per stage for supernet training)")]
    [Range(0, 100000)]
    public int Epochs { get; set; } = 1;

    /// <summary>sgd, adam (coupled L2 decay, as PyTorch's Adam), adamw or lars.</summary>
    [Help("sgd | adam (L2 decay added to the gradient) | adamw (decoupled decay) | lars")]
    [OneOf("sgd", "adam", "adamw", "lars")]
    public string Optimizer { get; set; } = "sgd";

    /// <summary>Base learning rate.</summary>
    [Help("base learning rate")]
    [Range(0, 1000)]
    public double Lr { get; set; } = 0.1;

    /// <summary>Images <see cref="Lr"/> is given for; the LR then scales linearly with the images of a step (0 = as given).</summary>
    [Help("lr and min_lr are per this many images and scale linearly with batch_size × accumulate (0 = lr as given)")]
    [Range(0, int.MaxValue)]
    public int LrReferenceBatch { get; set; }

    /// <summary>Momentum (SGD, LARS) or beta1 (Adam, AdamW).</summary>
    [Help("momentum (sgd, lars) or beta1 (adam, adamw)")]
    [Range(0, 0.99999)]
    public double Momentum { get; set; } = 0.9;

    /// <summary>Nesterov momentum (SGD).</summary>
    [Help("nesterov momentum (sgd)")]
    public bool Nesterov { get; set; }

    /// <summary>Weight decay (not applied to BN and bias parameters).</summary>
    [Help("weight decay; BN and bias parameters get none")]
    [Range(0, 1)]
    public double WeightDecay { get; set; } = 5e-4;

    /// <summary>Which parameters get no weight decay and no LARS adaptation.</summary>
    [Help("parameters without weight decay and LARS adaptation: one_dimensional (every BN weight/bias and bias) or " +
          "bossnas_names (BossNAS's name regex applied to this framework's parameter names, which differ from BossNAS's)")]
    [OneOf("one_dimensional", "bossnas_names")]
    public string Exclude { get; set; } = "one_dimensional";

    /// <summary>LARS trust ratio where a weight's norm is zero: 1 (guarded) or 0 as in the public code (the weight never moves).</summary>
    [Help("LARS where ‖w‖ = 0: guarded (trust ratio 1) or public (η‖w‖/(‖g‖+wd‖w‖) = 0, as BossNAS/OpenSelfSup: the weight never moves)")]
    [OneOf("guarded", "public")]
    public string LarsZeroNorm { get; set; } = "guarded";

    /// <summary>LARS trust coefficient.</summary>
    [Help("LARS trust coefficient eta")]
    [Range(0, 1)]
    public double LarsEta { get; set; } = 0.001;

    /// <summary>cosine, step, linear or constant (after warmup).</summary>
    [Help("cosine | step | linear | constant (after warmup)")]
    [OneOf("cosine", "step", "linear", "constant")]
    public string Schedule { get; set; } = "cosine";

    /// <summary>Linear warmup length in epochs (fractional allowed).</summary>
    [Help("linear warmup in epochs (fractional allowed)")]
    [Range(0, 10000)]
    public double WarmupEpochs { get; set; }

    /// <summary>Lowest learning rate of the decay.</summary>
    [Help("final learning rate of the decay")]
    [Range(0, 1000)]
    public double MinLr { get; set; }

    /// <summary>step schedule: decay factor.</summary>
    [Help("step schedule: multiply lr by this at each milestone")]
    [Range(0, 1)]
    public double StepGamma { get; set; } = 0.1;

    /// <summary>step schedule: epochs between decays.</summary>
    [Help("step schedule: epochs between decays")]
    [Range(1, 100000)]
    public int StepEvery { get; set; } = 30;

    /// <summary>Batches whose gradients are summed before an optimiser step.</summary>
    [Help("batches accumulated per optimiser step")]
    [Range(1, 1024)]
    public int Accumulate { get; set; } = 1;

    /// <summary>Clip the global gradient norm to this (0 = no clipping).</summary>
    [Help("clip the global gradient norm (0 = off)")]
    [Range(0, 1e9)]
    public double ClipGradNorm { get; set; }

    /// <summary>Label smoothing of the cross-entropy (supervised training).</summary>
    [Help("label smoothing of cross-entropy (supervised)")]
    [Range(0, 0.99)]
    public double LabelSmoothing { get; set; }

    /// <summary>Stop each epoch after this many batches (0 = whole epoch); for quick profiles.</summary>
    [Help("stop each epoch after this many batches (0 = full epoch)")]
    [Range(0, int.MaxValue)]
    public int MaxBatchesPerEpoch { get; set; }

    /// <summary>
    /// At least this many optimiser steps: on a small dataset the epochs are raised until the phase takes them (0 = the
    /// epochs as given), so a recipe sized for the full data still trains on a subset.
    /// </summary>
    [Help("at least this many optimiser steps: epochs are raised on a small dataset until the phase takes them (0 = epochs as given)")]
    [Range(0, int.MaxValue)]
    public int MinSteps { get; set; }

    /// <summary>A copy with <paramref name="epochs"/> epochs.</summary>
    public OptimSection WithEpochs(int epochs)
    {
        var copy = (OptimSection)MemberwiseClone();
        copy.Epochs = epochs;
        return copy;
    }

    /// <summary>A copy whose learning rate and final learning rate are multiplied by <paramref name="scale"/>.</summary>
    public OptimSection WithLrScale(double scale)
    {
        var copy = (OptimSection)MemberwiseClone();
        copy.Lr = Lr * scale;
        copy.MinLr = MinLr * scale;
        return copy;
    }

    /// <inheritdoc />
    public virtual IEnumerable<(string Key, string Message)> Validate()
    {
        if (MinLr > Lr) yield return ("min_lr", $"min_lr {MinLr} is above lr {Lr}");
        if (Nesterov && Optimizer != "sgd") yield return ("nesterov", "nesterov applies to optimizer = \"sgd\" only");
    }
}
