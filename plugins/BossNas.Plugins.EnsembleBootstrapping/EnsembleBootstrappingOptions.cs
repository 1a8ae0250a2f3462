using BossNas.Core.Components;

namespace BossNas.Plugins.EnsembleBootstrapping;

/// <summary>Options of <see cref="EnsembleBootstrapping"/>.</summary>
public sealed class EnsembleBootstrappingOptions : ISmokeProfile
{
    /// <summary>Paths sampled per step for uniform sampling (fair sampling uses one per op).</summary>
    [Help("paths sampled per step (uniform sampling; fair sampling uses one path per op)")]
    [Range(1, 1024)]
    public int PathsPerStep { get; set; } = 4;

    /// <summary>How paths are drawn.</summary>
    [Help("uniform, fair (FairNAS strict fairness) or auto (fair when the space supports it)")]
    public SamplingChoice Sampling { get; set; } = SamplingChoice.Auto;

    /// <summary>Whether each path sees its own augmented pair or all share one.</summary>
    [Help("per_path: one augmented pair per path; shared: one pair for all paths")]
    public PairSharing Pairs { get; set; } = PairSharing.PerPath;

    /// <summary>The augmentation pipeline of the views.</summary>
    [Help("augmentation pipeline of the two views: byol or crop_flip")]
    public BootstrapPipeline Pipeline { get; set; } = BootstrapPipeline.Byol;

    /// <summary>Hidden width of the projector MLP.</summary>
    [Help("hidden width of the per-block projector")]
    [Range(1, 65536)]
    public int ProjectorHidden { get; set; } = 512;

    /// <summary>Output width of projector and predictor.</summary>
    [Help("projection width (projector and predictor output)")]
    [Range(1, 65536)]
    public int ProjectionDim { get; set; } = 128;

    /// <summary>Hidden width of the predictor MLP.</summary>
    [Help("hidden width of the per-block predictor")]
    [Range(1, 65536)]
    public int PredictorHidden { get; set; } = 512;

    /// <summary>
    /// Common width the per-shape channel adapters map block outputs to before pooling; 0 = the largest channel
    /// count the block can output.
    /// </summary>
    [Help("neck input width block outputs are adapted to (0 = the block's largest output width)")]
    [Range(0, 65536)]
    public int NeckChannels { get; set; }

    /// <summary>
    /// Which block-output widths get a conv + BN adapter in the necks: every width (the public NATS code's
    /// <c>channel_fix</c>), only the narrower ones (the public HyTra code's <c>fix_channels</c>: the widest output is the
    /// neck's input), or auto: every width where block outputs differ in width only (NATS), narrower otherwise.
    /// </summary>
    [Help("neck adapters: auto (as the public code per space: every width for width-only spaces such as nats, else narrower), every_width, narrower")]
    [OneOf("auto", "every_width", "narrower")]
    public string NeckAdapters { get; set; } = "auto";

    /// <summary>
    /// The target necks' adapters: EMA of the online ones, or frozen at their initial copy (the public NATS code never
    /// updates the target's <c>channel_fix</c>); auto = frozen where adapters are every_width, EMA otherwise.
    /// </summary>
    [Help("target neck adapters: auto (frozen for width-only spaces as the public NATS code, else EMA), ema, frozen")]
    [OneOf("auto", "ema", "frozen")]
    public string TargetAdapters { get; set; } = "auto";

    /// <summary>Starting EMA momentum of the target; it rises to 1 along a cosine within each block.</summary>
    [Help("EMA momentum of the target network at the start of each block (cosine to 1)")]
    [Range(0, 1)]
    public double BaseMomentum { get; set; } = 0.99;

    /// <summary>
    /// True: earlier blocks run along their fixed paths without gradient (the paper's reading). False: they are
    /// fine-tuned through their fixed paths by later blocks' losses (the public code).
    /// </summary>
    [Help("freeze earlier blocks (and the stem after block 0); false fine-tunes them as the public code does")]
    public bool FreezeEarlierBlocks { get; set; } = true;

    /// <summary>
    /// The target copies of frozen earlier blocks (and of the stem after block 0): fixed, so a block's target is what it
    /// was at its stage end and later stages rate and train against the same network; or ema, moving on towards the
    /// frozen online weights as before. The public code freezes nothing and moves the whole backbone, which "fixed"
    /// equals when <see cref="FreezeEarlierBlocks"/> is false (every block then trains).
    /// </summary>
    [Help("target copies of frozen blocks: fixed (the target moves only where the online network trains) or ema (the whole backbone moves, also frozen blocks)")]
    [OneOf("fixed", "ema")]
    public string FrozenTarget { get; set; } = "fixed";

    /// <summary>Two paths per step sharing one crop-and-flip pair, small heads.</summary>
    public void UseSmokeProfile()
    {
        PathsPerStep = 2;
        Sampling = SamplingChoice.Uniform;
        Pairs = PairSharing.Shared;
        Pipeline = BootstrapPipeline.CropFlip;
        ProjectorHidden = 32;
        ProjectionDim = 16;
        PredictorHidden = 32;
    }
}
