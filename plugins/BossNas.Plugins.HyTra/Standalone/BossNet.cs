using BossNas.Core.Architectures;
using BossNas.Plugins.HyTra.Modules;
using BossNas.Core.Nn.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.HyTra.Standalone;

/// <summary>
/// BossNet, the retraining network of an architecture: stem, one stage per level (finest first, stride 1 then 2),
/// ResConv/ResAtt layers with avg-down shortcuts, optional SE in ResConv, ReLU or SiLU; a level the path skips
/// becomes conv3x3 + BN + act with the stage's stride; then global average pooling and <c>fc</c>. Init as timm:
/// conv kaiming-normal (fan-out), BN (1, 0), last BN of each block γ = 0.
/// </summary>
/// <remarks>
/// BossNAS's empty stage always has stride 2; for the finest stage (only empty when block 0 starts below it) that
/// would halve the map once more than the level's size, so we use the stage's own stride. BossNet-T0 has no empty
/// stage, so its numbers are unaffected.
/// </remarks>
internal sealed class BossNet : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly Sequential stem;
    private readonly ModuleList<Sequential> stages;
    private readonly Linear fc;

    public BossNet(HyTraLayout layout, Architecture architecture, InputShape input) : base(nameof(BossNet))
    {
        var act = layout.Options.Activation == "silu" ? Activation.Silu : Activation.Relu;
        stem = Stem.Create(input.Channels, layout.StemChannels, layout.ImageNetStem, act);
        stages = new ModuleList<Sequential>();
        int inChannels = layout.StemChannels;
        foreach (var stage in BossNetPlan.Stages(layout, architecture))
        {
            int outChannels = layout.Widths[stage.Level];
            var blocks = new List<(string, nn.Module<Tensor, Tensor>)>();
            if (stage.Layers.Count == 0)
            {
                blocks.Add(("0", Layers.ConvBnAct(inChannels, outChannels, 3, stage.Stride, act)));
            }
            for (int j = 0; j < stage.Layers.Count; j++)
            {
                int stride = j == 0 ? stage.Stride : 1;
                nn.Module<Tensor, Tensor> block = stage.Layers[j] == Primitive.ResConv
                    ? new BossResConv(inChannels, outChannels, stride, layout.Options.Se, act)
                    : new BossResAtt(inChannels, outChannels, stride, layout.Heads(stage.Level), layout.DimHead, act);
                blocks.Add((j.ToString(System.Globalization.CultureInfo.InvariantCulture), block));
                inChannels = outChannels;
            }
            inChannels = outChannels;
            stages.Add(nn.Sequential(blocks));
        }
        fc = nn.Linear(inChannels, input.Classes);
        RegisterComponents();
        Initialise();
    }

    private void Initialise()
    {
        using var noGrad = no_grad();
        foreach (var m in modules())
        {
            if (m is Conv2d conv)
                nn.init.kaiming_normal_(conv.weight!, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
        }
        foreach (var m in modules().OfType<IZeroInitLastBn>()) m.ZeroInitLastBn();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = stem.call(x);
        foreach (var stage in stages) h = stage.call(h);
        return fc.call(h.mean(new long[] { 2, 3 })).MoveToOuterDisposeScope();
    }

    public string ExportOnnx(OnnxGraph graph, string input)
    {
        var h = graph.Module(stem, input);
        foreach (var stage in stages) h = graph.Module(stage, h);
        return graph.Module(fc, graph.Flatten(graph.GlobalAveragePool(h)));
    }
}
