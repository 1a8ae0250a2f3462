using BossNas.Core.Components;

namespace BossNas.Engine.Config;

/// <summary><c>[run]</c>: what the run is called, its seed, device and threads, checkpoints.</summary>
public sealed class RunSection
{
    /// <summary>Run name; the run folder is <c>{output}/{name}/{timestamp}</c>.</summary>
    [Help("run name; the run folder is <output>/<name>/<timestamp>")]
    public string Name { get; set; } = "run";

    /// <summary>Seed of every random stream (sampling, data order, augmentation, initialisation).</summary>
    [Help("seed of every random stream: sampling, data order, augmentation, init")]
    [Range(0, long.MaxValue)]
    public long Seed { get; set; }

    /// <summary>auto, cpu or cuda.</summary>
    [Help("auto picks cuda when TorchSharp's CUDA backend is present, else cpu")]
    [OneOf("auto", "cpu", "cuda")]
    public string Device { get; set; } = "auto";

    /// <summary>Intra-op threads; 0 = all cores.</summary>
    [Help("libtorch intra-op threads; 0 = all cores")]
    [Range(0, 1024)]
    public int Threads { get; set; }

    /// <summary>Root folder of run folders, relative to the working directory.</summary>
    [Help("root folder of run folders (relative to the working directory)")]
    public string Output { get; set; } = "runs";

    /// <summary>Checkpoint every N optimiser steps (also at every stage end); 0 = only at stage ends.</summary>
    [Help("checkpoint every N optimiser steps (and at each stage end); 0 = stage ends only")]
    [Range(0, int.MaxValue)]
    public int CheckpointEvery { get; set; } = 200;
}

/// <summary><c>[data]</c>: the dataset and how it is split and batched.</summary>
public sealed class DataSection
{
    /// <summary>fashion-mnist, cifar10, imagefolder or synthetic.</summary>
    [Help("fashion-mnist | cifar10 | imagefolder | synthetic")]
    [OneOf("fashion-mnist", "cifar10", "imagefolder", "synthetic")]
    public string Dataset { get; set; } = "fashion-mnist";

    /// <summary>Where the files are; fashion-mnist falls back to the Debian package and the shipped subset.</summary>
    [Help("dataset folder; fashion-mnist falls back to /usr/share/datasets/fashion-mnist, then the shipped subset")]
    public string Root { get; set; } = "";

    /// <summary>Fraction of the training split held out for validation (ratings).</summary>
    [Help("fraction of train held out for validation/rating")]
    [Range(0.0, 0.9)]
    public double ValFraction { get; set; } = 0.1;

    /// <summary>Use at most this many training images (0 = all), a stratified subset.</summary>
    [Help("use at most this many training images (stratified; 0 = all)")]
    [Range(0, int.MaxValue)]
    public int TrainLimit { get; set; }

    /// <summary>Use at most this many test images (0 = all).</summary>
    [Help("use at most this many test images (0 = all)")]
    [Range(0, int.MaxValue)]
    public int TestLimit { get; set; }

    /// <summary>Images per batch.</summary>
    [Help("images per batch")]
    [Range(1, 65536)]
    public int BatchSize { get; set; } = 128;

    /// <summary>Side length images are resized to for imagefolder (others keep their size).</summary>
    [Help("imagefolder: side length images are resized to")]
    [Range(8, 1024)]
    public int ImageSize { get; set; } = 32;

    /// <summary>Training images used for supernet training (stratified; 0 = the whole training split).</summary>
    [Help("training images used for supernet training (stratified; 0 = all); retraining always uses the whole training split")]
    [Range(0, int.MaxValue)]
    public int SearchImages { get; set; }

    /// <summary>Validation images used to rate candidates (0 = all).</summary>
    [Help("validation images used to rate candidates (0 = all)")]
    [Range(0, int.MaxValue)]
    public int RatingImages { get; set; } = 1000;

    /// <summary>Training batches forwarded per candidate to recalibrate BatchNorm before rating it.</summary>
    [Help("training batches used to recalibrate BatchNorm per rated candidate")]
    [Range(0, 1000)]
    public int CalibrationBatches { get; set; } = 1;

    /// <summary>Batches prepared ahead of the trainer.</summary>
    [Help("batches prepared ahead of the trainer on a background thread")]
    [Range(0, 64)]
    public int Prefetch { get; set; } = 2;

    /// <summary>synthetic: number of training images.</summary>
    [Help("synthetic: training images")]
    [Range(1, 1_000_000)]
    public int SyntheticCount { get; set; } = 512;

    /// <summary>synthetic: image side.</summary>
    [Help("synthetic: image side")]
    [Range(4, 512)]
    public int SyntheticSize { get; set; } = 16;

    /// <summary>synthetic: channels.</summary>
    [Help("synthetic: channels")]
    [Range(1, 4)]
    public int SyntheticChannels { get; set; } = 1;

    /// <summary>synthetic: classes.</summary>
    [Help("synthetic: classes")]
    [Range(2, 1000)]
    public int SyntheticClasses { get; set; } = 4;
}

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

    /// <summary>sgd, adamw or lars.</summary>
    [Help("sgd | adamw | lars")]
    [OneOf("sgd", "adamw", "lars")]
    public string Optimizer { get; set; } = "sgd";

    /// <summary>Base learning rate.</summary>
    [Help("base learning rate")]
    [Range(0, 1000)]
    public double Lr { get; set; } = 0.1;

    /// <summary>Momentum (SGD, LARS) or beta1 (AdamW).</summary>
    [Help("momentum (sgd, lars) or beta1 (adamw)")]
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
          "bossnas_names (BossNAS's name regex, which misses ResAtt's zero-initialised BN and freezes attention)")]
    [OneOf("one_dimensional", "bossnas_names")]
    public string Exclude { get; set; } = "one_dimensional";

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

    /// <inheritdoc />
    public virtual IEnumerable<(string Key, string Message)> Validate()
    {
        if (MinLr > Lr) yield return ("min_lr", $"min_lr {MinLr} is above lr {Lr}");
        if (Nesterov && Optimizer != "sgd") yield return ("nesterov", "nesterov applies to optimizer = \"sgd\" only");
    }
}

/// <summary><c>[train]</c>: supernet training settings (the loop the engine runs for every strategy).</summary>
public sealed class TrainSection : OptimSection
{
}

/// <summary>
/// <c>[retrain]</c>: training from scratch in the <c>retrain</c> phase (the found architecture) and the <c>control</c>
/// phase (random architectures of similar cost), with the same budget and seed.
/// </summary>
public sealed class RetrainSection : OptimSection
{
    /// <summary>Random controls the control phase trains.</summary>
    [Help("random architectures of similar cost the control phase trains")]
    [Range(1, 100)]
    public int Controls { get; set; } = 1;

    /// <summary>Relative MAdds tolerance for the control.</summary>
    [Help("control: relative MAdds distance allowed from the found architecture")]
    [Range(0, 10)]
    public double ControlTolerance { get; set; } = 0.15;
}

/// <summary><c>[report]</c>: what the report contains.</summary>
public sealed class ReportSection
{
    /// <summary>Write PNG plots.</summary>
    [Help("write PNG plots")]
    public bool Plots { get; set; } = true;

    /// <summary>Rows of the per-block rating table in report.md.</summary>
    [Help("rows of the per-block rating table")]
    [Range(1, 1000)]
    public int TopK { get; set; } = 10;
}

/// <summary><c>[plugins]</c>: extra plugin folders.</summary>
public sealed class PluginsSection
{
    /// <summary>Folders to scan in addition to <c>plugins/</c> beside the executable.</summary>
    [Help("folders scanned for plugins besides plugins/ next to the executable (relative to the config file)")]
    public List<string> Paths { get; set; } = new();
}
