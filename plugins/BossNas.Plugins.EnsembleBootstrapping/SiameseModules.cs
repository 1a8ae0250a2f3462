using BossNas.Core.Architectures;
using BossNas.Core.Nn;
using BossNas.Core.Spaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.EnsembleBootstrapping;

/// <summary>
/// Everything ensemble bootstrapping trains or keeps, under one root so the engine checkpoints it whole with
/// stable names: the online and target supernets, one online and one target projector per
/// block, and one predictor per block (online only). The target parts never take gradients; they follow the
/// online ones by EMA.
/// </summary>
public sealed class SiameseModules : nn.Module
{
    private readonly Supernet online;
    private readonly Supernet target;
    private readonly ModuleList<ProjectionNeck> online_necks;
    private readonly ModuleList<ProjectionNeck> target_necks;
    private readonly ModuleList<MlpHead> predictors;
    private readonly bool[] _frozenTargetAdapters;

    /// <summary>Builds both supernets and the heads for images of <paramref name="input"/>.</summary>
    public SiameseModules(ISearchSpace space, InputShape input, EnsembleBootstrappingOptions options)
        : base("bossnas")
    {
        online = space.CreateSupernet(input);
        target = space.CreateSupernet(input);
        online_necks = new ModuleList<ProjectionNeck>();
        target_necks = new ModuleList<ProjectionNeck>();
        predictors = new ModuleList<MlpHead>();
        var frozen = new List<bool>();
        for (int b = 0; b < online.BlockCount; b++)
        {
            var outputs = online.PossibleBlockOutputs(b);
            var widths = outputs.Select(s => s.Channels).Distinct().ToList();
            if (widths.Count == 0) throw new InvalidOperationException($"supernet block {b} reports no output shapes");
            int channels = options.NeckChannels > 0 ? options.NeckChannels : widths.Max();
            // The public code adapts every width where outputs differ in width only (NATS's channel_fix) and only the
            // narrower levels where they differ in resolution too (HyTra's fix_channels).
            bool widthOnly = widths.Count > 1 && outputs.Select(s => (s.Height, s.Width)).Distinct().Count() == 1;
            bool every = options.NeckAdapters == "every_width" || (options.NeckAdapters == "auto" && widthOnly);
            frozen.Add(options.TargetAdapters == "frozen" || (options.TargetAdapters == "auto" && every));
            online_necks.Add(new ProjectionNeck($"online_neck{b}", widths, channels, options.ProjectorHidden,
                options.ProjectionDim, every));
            target_necks.Add(new ProjectionNeck($"target_neck{b}", widths, channels, options.ProjectorHidden,
                options.ProjectionDim, every));
            predictors.Add(new MlpHead($"predictor{b}", options.ProjectionDim, options.PredictorHidden,
                options.ProjectionDim, MlpInit.Normal));
        }
        _frozenTargetAdapters = frozen.ToArray();
        RegisterComponents();
        Ema.CopyInto(target, online);
        for (int b = 0; b < online_necks.Count; b++) Ema.CopyInto(target_necks[b], online_necks[b]);
        FreezeTarget();
    }

    /// <summary>The online supernet (trained by gradient).</summary>
    public Supernet Online => online;

    /// <summary>The target supernet (EMA of the online one).</summary>
    public Supernet Target => target;

    /// <summary>The online projector of block <paramref name="block"/>.</summary>
    public ProjectionNeck OnlineNeck(int block) => online_necks[block];

    /// <summary>The target projector of block <paramref name="block"/>.</summary>
    public ProjectionNeck TargetNeck(int block) => target_necks[block];

    /// <summary>Whether block <paramref name="block"/>'s target neck keeps its adapters at their initial copy.</summary>
    public bool FrozenTargetAdapters(int block) => _frozenTargetAdapters[block];

    /// <summary>Moves block <paramref name="block"/>'s target neck towards the online one (its adapters too unless frozen).</summary>
    public void UpdateTargetNeck(int block, double momentum)
    {
        if (_frozenTargetAdapters[block]) Ema.Update(target_necks[block].Mlp, online_necks[block].Mlp, momentum);
        else Ema.Update(target_necks[block], online_necks[block], momentum);
    }

    /// <summary>The predictor of block <paramref name="block"/>.</summary>
    public MlpHead Predictor(int block) => predictors[block];

    /// <summary>Turns gradients off on every target parameter (again after a device move replaced them).</summary>
    public void FreezeTarget()
    {
        foreach (var p in target.parameters().Concat(target_necks.parameters())) p.requires_grad = false;
    }

    /// <summary>
    /// The online supernet's stem parameters: those that belong to no block (the stem is trained with block 0).
    /// </summary>
    public IEnumerable<Parameter> OnlineStemParameters()
    {
        var inBlocks = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
        for (int b = 0; b < online.BlockCount; b++)
            foreach (var p in online.BlockParameters(b)) inBlocks.Add(p);
        return online.parameters().Where(p => !inBlocks.Contains(p));
    }

    /// <summary>
    /// Runs the stem and the fixed blocks of <paramref name="prefix"/> on <paramref name="supernet"/>
    /// (with gradient only when <paramref name="withGrad"/>).
    /// </summary>
    public static Tensor PrefixFeatures(Supernet supernet, Tensor images, Architecture prefix, bool withGrad)
    {
        using var grad = torch.set_grad_enabled(withGrad && torch.is_grad_enabled());
        return supernet.ForwardFeatures(images, prefix, prefix.Blocks.Count);
    }

    /// <summary>Raw target projection of block <paramref name="block"/> along <paramref name="path"/>.</summary>
    public Tensor TargetProjection(int block, Tensor features, Architecture prefix, BlockPath path)
    {
        using var grad = no_grad();
        using var y = target.ForwardBlock(block, features, prefix, path);
        return target_necks[block].call(y);
    }

    /// <summary>Online projection z of block <paramref name="block"/> along <paramref name="path"/>.</summary>
    public Tensor OnlineProjection(int block, Tensor features, Architecture prefix, BlockPath path)
    {
        using var y = online.ForwardBlock(block, features, prefix, path);
        return online_necks[block].call(y);
    }

    /// <summary>The predictor's output for an online projection.</summary>
    public Tensor Predict(int block, Tensor projection) => predictors[block].call(projection);
}
