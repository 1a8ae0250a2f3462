using BossNas.Core.Architectures;
using BossNas.Core.Nn.Onnx;
using BossNas.Core.Spaces;
using BossNas.Plugins.ElasticMBConv.Dynamic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.ElasticMBConv.Standalone;

/// <summary>One inverted-residual layer at a child's static shapes (the mirror of <see cref="ElasticLayer"/>).</summary>
internal sealed class StaticLayer : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly Conv2d? expand_conv;
    private readonly BatchNorm2d? expand_bn;
    private readonly SiLU expand_act = nn.SiLU();
    private readonly Conv2d dw_conv;
    private readonly SiLU dw_act = nn.SiLU();
    private readonly BatchNorm2d dw_bn;
    private readonly Conv2d project_conv;
    private readonly BatchNorm2d project_bn;
    private readonly AvgPool2d? shortcut_pool;
    private readonly Conv2d? shortcut_conv;
    private readonly BatchNorm2d? shortcut_bn;

    public StaticLayer(int cin, int cout, int mid, int kernel, int stride, bool expands, double momentum) : base(nameof(StaticLayer))
    {
        if (expands)
        {
            expand_conv = nn.Conv2d(cin, mid, 1, bias: false);
            expand_bn = nn.BatchNorm2d(mid, momentum: momentum);
        }
        dw_conv = nn.Conv2d(mid, mid, kernel, stride: stride, padding: kernel / 2, groups: mid, bias: false);
        dw_bn = nn.BatchNorm2d(mid, momentum: momentum);
        project_conv = nn.Conv2d(mid, cout, 1, bias: false);
        project_bn = nn.BatchNorm2d(cout, momentum: momentum);
        if (stride == 2) shortcut_pool = nn.AvgPool2d(2, 2, ceil_mode: true, count_include_pad: false);
        if (cin != cout)
        {
            shortcut_conv = nn.Conv2d(cin, cout, 1, bias: false);
            shortcut_bn = nn.BatchNorm2d(cout, momentum: momentum);
        }
        RegisterComponents();
    }

    public Conv2d? ExpandConv => expand_conv;
    public BatchNorm2d? ExpandBn => expand_bn;
    public Conv2d DwConv => dw_conv;
    public BatchNorm2d DwBn => dw_bn;
    public Conv2d ProjectConv => project_conv;
    public BatchNorm2d ProjectBn => project_bn;
    public Conv2d? ShortcutConv => shortcut_conv;
    public BatchNorm2d? ShortcutBn => shortcut_bn;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = x;
        if (expand_conv is not null) h = expand_act.call(expand_bn!.call(expand_conv.call(x)));
        h = dw_act.call(dw_bn.call(dw_conv.call(h)));
        h = project_bn.call(project_conv.call(h));
        var s = shortcut_pool is null ? x : shortcut_pool.call(x);
        if (shortcut_conv is not null) s = shortcut_bn!.call(shortcut_conv.call(s));
        return (h + s).MoveToOuterDisposeScope();
    }

    public string ExportOnnx(OnnxGraph graph, string input)
    {
        var h = input;
        if (expand_conv is not null) h = graph.Silu(graph.Module(expand_bn!, graph.Module(expand_conv, input)));
        h = graph.Silu(graph.Module(dw_bn, graph.Module(dw_conv, h)));
        h = graph.Module(project_bn, graph.Module(project_conv, h));
        var s = shortcut_pool is null ? input : graph.Module(shortcut_pool, input);
        if (shortcut_conv is not null) s = graph.Module(shortcut_bn!, graph.Module(shortcut_conv, s));
        return graph.Add(h, s);
    }
}

/// <summary>
/// The stand-alone network of one <c>elastic_mbconv</c> child: static layers at its sliced shapes (so its counted cost is the
/// analytic one), the resize inside (block 0), a global pool and a linear classifier.
/// </summary>
public sealed class StaticNetwork : nn.Module<Tensor, Tensor>, IStandaloneNetwork, IOnnxExportable
{
    private readonly Conv2d first_conv;
    private readonly BatchNorm2d first_bn;
    private readonly SiLU first_act = nn.SiLU();
    private readonly SiLU last_act = nn.SiLU();
    private readonly ModuleList<ModuleList<StaticLayer>> stages;
    private readonly Conv2d? last_conv;
    private readonly BatchNorm2d? last_bn;
    private readonly Linear classifier;
    private readonly int _resolution;
    private readonly int _inH, _inW;

    internal StaticNetwork(ElasticLayout layout, ChildConfig child, InputShape input) : base(nameof(StaticNetwork))
    {
        var o = layout.Options;
        Child = child;
        (_resolution, _inH, _inW) = (child.Resolution, input.Height, input.Width);
        first_conv = nn.Conv2d(input.Channels, child.FirstWidth, 3, stride: o.FirstStride, padding: 1, bias: false);
        first_bn = nn.BatchNorm2d(child.FirstWidth, momentum: o.BnMomentum);
        stages = new ModuleList<ModuleList<StaticLayer>>();
        int cin = child.FirstWidth;
        for (int s = 0; s < layout.Stages; s++)
        {
            var sc = child.Stages[s];
            var layers = new ModuleList<StaticLayer>();
            bool expands = layout.Expands(s);
            for (int l = 0; l < sc.Depth; l++)
            {
                int mid = expands ? ElasticLayout.Mid(cin, sc.Expansion) : cin;
                layers.Add(new StaticLayer(cin, sc.Width, mid, sc.Kernel, l == 0 ? o.StageStrides[s] : 1, expands, o.BnMomentum));
                cin = sc.Width;
            }
            stages.Add(layers);
        }
        if (o.LastChannels > 0)
        {
            last_conv = nn.Conv2d(cin, o.LastChannels, 1, bias: false);
            last_bn = nn.BatchNorm2d(o.LastChannels, momentum: o.BnMomentum);
            cin = o.LastChannels;
        }
        classifier = nn.Linear(cin, input.Classes);
        RegisterComponents();
        ElasticInit.Apply(this, o.ZeroLastBnGamma);
    }

    internal ChildConfig Child { get; }

    internal Conv2d FirstConv => first_conv;
    internal BatchNorm2d FirstBn => first_bn;
    internal StaticLayer Layer(int stage, int layer) => stages[stage][layer];
    internal Conv2d? LastConv => last_conv;
    internal BatchNorm2d? LastBn => last_bn;

    /// <inheritdoc />
    public int BlockCount => stages.Count + 1;

    /// <inheritdoc />
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        return ForwardHead(ForwardFeatures(images)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor ForwardFeatures(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = ForwardStem(images);
        for (int b = 0; b < BlockCount; b++) x = ForwardBlock(b, x);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>The images themselves (the resize is block 0's, as in the supernet).</summary>
    public Tensor ForwardStem(Tensor images) => images.alias();

    /// <inheritdoc />
    public Tensor ForwardBlock(int block, Tensor x)
    {
        using var scope = NewDisposeScope();
        if (block == 0)
            return first_act.call(first_bn.call(first_conv.call(BilinearResize.Apply(x, _resolution)))).MoveToOuterDisposeScope();
        var h = x;
        foreach (var layer in stages[block - 1]) h = layer.call(h);
        if (block == BlockCount - 1 && last_conv is not null) h = last_act.call(last_bn!.call(last_conv.call(h)));
        return h.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor ForwardHead(Tensor features)
    {
        using var scope = NewDisposeScope();
        return classifier.call(features.mean([2, 3])).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public string ExportOnnx(OnnxGraph graph, string input)
    {
        var x = BilinearResize.Export(graph, input, _inH, _inW, _resolution);
        x = graph.Silu(graph.Module(first_bn, graph.Module(first_conv, x)));
        foreach (var stage in stages)
            foreach (var layer in stage)
                x = graph.Module(layer, x);
        if (last_conv is not null) x = graph.Silu(graph.Module(last_bn!, graph.Module(last_conv, x)));
        return graph.Module(classifier, graph.Flatten(graph.GlobalAveragePool(x)));
    }
}
