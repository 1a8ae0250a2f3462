using BossNas.Core.Nn;
using BossNas.Core.Nn.Elastic;
using BossNas.Plugins.ElasticMBConv.Dynamic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.ElasticMBConv;

/// <summary>
/// Block 0 of the supernet: the input resized to the child's resolution, then the first 3x3 conv (its first c filters)
/// + dynamic BN + SiLU.
/// </summary>
internal sealed class ElasticFirstConv : nn.Module
{
    private readonly SlimmableConv2d conv;
    private readonly DynamicBatchNorm2d bn;

    public ElasticFirstConv(int imageChannels, int maxWidth, int stride, double momentum) : base(nameof(ElasticFirstConv))
    {
        conv = new SlimmableConv2d(imageChannels, maxWidth, 3, stride, 1);
        bn = new DynamicBatchNorm2d(maxWidth, momentum);
        RegisterComponents();
    }

    public SlimmableConv2d Conv => conv;

    public DynamicBatchNorm2d Bn => bn;

    public Tensor Forward(Tensor images, int resolution, int width)
    {
        using var scope = NewDisposeScope();
        var x = BilinearResize.Apply(images, resolution);
        return nn.functional.silu(bn.Forward(conv.Forward(x, width))).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// One elastic inverted-residual layer holding its largest tensors: expanding 1x1 conv (first mid × first c_in entries),
/// dynamic BN, SiLU, depthwise conv (centre-cropped kernel), dynamic BN, SiLU, projecting 1x1 conv, dynamic BN; plus the
/// dynamic shortcut: identity when the active widths match at stride 1, else an average pool for stride 2 and/or a 1x1 conv
/// + BN for a width change (XNAS's dynamic shortcut).
/// </summary>
internal sealed class ElasticLayer : nn.Module
{
    private readonly SlimmableConv2d? expand_conv;
    private readonly DynamicBatchNorm2d? expand_bn;
    private readonly DynamicDepthwiseConv2d dw_conv;
    private readonly DynamicBatchNorm2d dw_bn;
    private readonly SlimmableConv2d project_conv;
    private readonly DynamicBatchNorm2d project_bn;
    private readonly SlimmableConv2d? shortcut_conv;
    private readonly DynamicBatchNorm2d? shortcut_bn;

    public ElasticLayer(int maxIn, int maxOut, int maxMid, int maxKernel, int stride, bool expands, bool widthMayChange, double momentum)
        : base(nameof(ElasticLayer))
    {
        if (expands)
        {
            expand_conv = new SlimmableConv2d(maxIn, maxMid, 1, 1, 0);
            expand_bn = new DynamicBatchNorm2d(maxMid, momentum);
        }
        dw_conv = new DynamicDepthwiseConv2d(maxMid, maxKernel, stride);
        dw_bn = new DynamicBatchNorm2d(maxMid, momentum);
        project_conv = new SlimmableConv2d(maxMid, maxOut, 1, 1, 0);
        project_bn = new DynamicBatchNorm2d(maxOut, momentum);
        if (widthMayChange)
        {
            shortcut_conv = new SlimmableConv2d(maxIn, maxOut, 1, 1, 0);
            shortcut_bn = new DynamicBatchNorm2d(maxOut, momentum);
        }
        Stride = stride;
        Expands = expands;
        RegisterComponents();
    }

    public int Stride { get; }

    public bool Expands { get; }

    public SlimmableConv2d? ExpandConv => expand_conv;
    public DynamicBatchNorm2d? ExpandBn => expand_bn;
    public DynamicDepthwiseConv2d DwConv => dw_conv;
    public DynamicBatchNorm2d DwBn => dw_bn;
    public SlimmableConv2d ProjectConv => project_conv;
    public DynamicBatchNorm2d ProjectBn => project_bn;
    public SlimmableConv2d? ShortcutConv => shortcut_conv;
    public DynamicBatchNorm2d? ShortcutBn => shortcut_bn;

    /// <summary>Mid channels for an input of <paramref name="cin"/> channels at expansion <paramref name="e"/>.</summary>
    public int Mid(int cin, double e) => Expands ? ElasticLayout.Mid(cin, e) : cin;

    /// <summary>
    /// The layer on <paramref name="x"/> with <paramref name="cout"/> outputs; <paramref name="dropRate"/> drops the
    /// branch per sample (training mode, identity shortcut only).
    /// </summary>
    public Tensor Forward(Tensor x, int cout, int kernel, double expansion, double dropRate)
    {
        using var scope = NewDisposeScope();
        int cin = (int)x.shape[1];
        var h = x;
        if (Expands) h = nn.functional.silu(expand_bn!.Forward(expand_conv!.Forward(x, Mid(cin, expansion))));
        h = nn.functional.silu(dw_bn.Forward(dw_conv.Forward(h, kernel)));
        h = project_bn.Forward(project_conv.Forward(h, cout));
        bool identity = cin == cout && Stride == 1;
        if (identity && training && dropRate > 0) h = DropConnect.Apply(h, dropRate);
        return (h + Shortcut(x, cout)).MoveToOuterDisposeScope();
    }

    private Tensor Shortcut(Tensor x, int cout)
    {
        var s = Stride == 2 ? nn.functional.avg_pool2d(x, 2, 2, ceil_mode: true, count_include_pad: false) : x;
        if (x.shape[1] == cout) return s;
        if (shortcut_conv is null) throw new InvalidOperationException("this layer's widths cannot change");
        return shortcut_bn!.Forward(shortcut_conv.Forward(s, cout));
    }
}

/// <summary>A stage: its largest number of layers, of which a child runs the first d; the last stage adds the fixed last conv.</summary>
internal sealed class ElasticStage : nn.Module
{
    private readonly ModuleList<ElasticLayer> layers;
    private readonly SlimmableConv2d? last_conv;
    private readonly DynamicBatchNorm2d? last_bn;

    public ElasticStage(ElasticLayout layout, int stage) : base(nameof(ElasticStage))
    {
        var o = layout.Options;
        layers = new ModuleList<ElasticLayer>();
        int maxOut = o.StageWidths[stage].Max();
        for (int l = 0; l < o.StageDepths[stage].Max(); l++)
        {
            int maxIn = layout.MaxIn(stage, l);
            bool expands = layout.Expands(stage);
            int maxMid = expands ? ElasticLayout.Mid(maxIn, o.StageExpansions[stage].Max()) : maxIn;
            // Later layers keep the stage's width; the first may change it when some input width differs from some output width.
            var ins = stage == 0 ? o.FirstWidths : o.StageWidths[stage - 1];
            bool widthMayChange = l == 0 && ins.Any(ci => o.StageWidths[stage].Any(co => co != ci));
            layers.Add(new ElasticLayer(maxIn, maxOut, maxMid, o.StageKernels[stage].Max(), l == 0 ? o.StageStrides[stage] : 1,
                expands, widthMayChange, o.BnMomentum));
        }
        if (stage == layout.Stages - 1 && o.LastChannels > 0)
        {
            last_conv = new SlimmableConv2d(maxOut, o.LastChannels, 1, 1, 0);
            last_bn = new DynamicBatchNorm2d(o.LastChannels, o.BnMomentum);
        }
        RegisterComponents();
    }

    public int MaxDepth => layers.Count;

    public ElasticLayer Layer(int i) => layers[i];

    public SlimmableConv2d? LastConv => last_conv;

    public DynamicBatchNorm2d? LastBn => last_bn;

    /// <summary>The first <c>config.Depth</c> layers; <paramref name="dropRates"/>[i] is layer i's drop-connect rate.</summary>
    public Tensor Forward(Tensor x, StageConfig config, IReadOnlyList<double> dropRates)
    {
        if (config.Depth < 1 || config.Depth > layers.Count) throw new ArgumentException($"depth {config.Depth} outside [1, {layers.Count}]");
        using var scope = NewDisposeScope();
        var h = x;
        for (int i = 0; i < config.Depth; i++) h = layers[i].Forward(h, config.Width, config.Kernel, config.Expansion, dropRates[i]);
        if (last_conv is not null) h = nn.functional.silu(last_bn!.Forward(last_conv.Forward(h, last_conv.Weight.shape[0])));
        return h.MoveToOuterDisposeScope();
    }
}
