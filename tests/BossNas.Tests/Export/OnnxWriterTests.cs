using BossNas.Core.Architectures;
using BossNas.Core.Nn.Onnx;
using BossNas.Engine.Eval;
using BossNas.Engine.Export;
using BossNas.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace BossNas.Tests.Export;

/// <summary>
/// The hand-written ONNX protobuf writer and the graph builder: tiny models whose results can be checked by hand load in
/// ONNX Runtime and compute them, and every standard TorchSharp module the builder knows gives TorchSharp's numbers.
/// </summary>
[Collection("Torch")]
public sealed class OnnxWriterTests
{
    [Fact]
    public void A_gemm_model_loads_in_onnx_runtime_and_computes_x_w_transposed_plus_b()
    {
        var g = new OnnxGraph();
        var x = g.AddInput("x", OnnxElementType.Float, OnnxDimension.Symbolic("batch"), 3);
        using var w = tensor(new float[] { 1, 0, -1, 0.5f, 0.5f, 0.5f }).reshape(2, 3);
        using var b = tensor(new float[] { 10, -1 });
        g.NamedNode("y", "Gemm", [x, g.Initializer(w), g.Initializer(b)], OnnxAttribute.Int("transB", 1));
        g.AddOutput("y", OnnxElementType.Float, OnnxDimension.Symbolic("batch"), 2);

        using var model = new OnnxClassifier(OnnxModelWriter.ToBytes(g, new Dictionary<string, string> { ["note"] = "gemm" }));
        Assert.Equal(new[] { -1, 3 }, model.InputDimensions);
        Assert.Equal(new[] { -1, 2 }, model.OutputDimensions);
        Assert.Equal("gemm", model.Metadata["note"]);
        using var input = tensor(new float[] { 1, 2, 3, 0, 0, 0 }).reshape(2, 3);
        using var y = model.Logits(input);
        // [1 - 3 + 10, 0.5 + 1 + 1.5 - 1] and the bias alone.
        Assert.Equal(new float[] { 8, 2, 10, -1 }, y.data<float>().ToArray());
    }

    [Fact]
    public void A_resize_node_with_its_string_mode_attribute_upsamples_as_torchsharp_does()
    {
        var g = new OnnxGraph();
        var x = g.AddInput("x", OnnxElementType.Float, 1, 1, 2, 2);
        using var scales = tensor(new float[] { 1, 1, 2, 2 });
        g.NamedNode("y", "Resize", [x, "", g.Initializer(scales)], OnnxAttribute.String("mode", "nearest"));
        g.AddOutput("y", OnnxElementType.Float, 1, 1, 4, 4);

        using var model = new OnnxClassifier(OnnxModelWriter.ToBytes(g));
        using var input = tensor(new float[] { 1, 2, 3, 4 }).reshape(1, 1, 2, 2);
        using var y = model.Logits(input);
        using var expected = nn.functional.interpolate(input, scale_factor: [2, 2], mode: InterpolationMode.Nearest);
        Assert.Equal(expected.data<float>().ToArray(), y.data<float>().ToArray());
        // Each value repeated over a 2x2 patch.
        Assert.Equal(new float[] { 1, 1, 2, 2 }, y.data<float>().Take(4).ToArray());
    }

    [Fact]
    public void A_conv_module_exports_with_its_stride_padding_and_bias()
    {
        using var conv = nn.Conv2d(1, 1, 2, stride: 2, padding: 1, bias: true);
        using (no_grad())
        {
            conv.weight.fill_(1);
            conv.bias!.fill_(0.5);
        }
        var g = new OnnxGraph(conv);
        var x = g.AddInput("x", OnnxElementType.Float, 1, 1, 3, 3);
        g.NamedNode("y", "Identity", [g.Module(conv, x)]);
        g.AddOutput("y", OnnxElementType.Float, 1, 1, 2, 2);
        Assert.Equal(new[] { "weight", "bias" }, g.Initializers.Select(t => t.Name));

        using var model = new OnnxClassifier(OnnxModelWriter.ToBytes(g));
        using var input = arange(1f, 10f).reshape(1, 1, 3, 3);
        using var y = model.Logits(input);
        // Zero-padded by one, 2x2 windows at stride 2: {1}, {2+3}, {4+7}, {5+6+8+9}, each plus the bias.
        Assert.Equal(new float[] { 1.5f, 5.5f, 11.5f, 28.5f }, y.data<float>().ToArray());
    }

    [Fact]
    public void Every_standard_module_matches_torchsharp()
    {
        manual_seed(7);
        using var net = nn.Sequential(
            ("conv", nn.Conv2d(3, 8, 3, stride: 2, padding: 1, bias: true)),
            ("bn", nn.BatchNorm2d(8)),
            ("relu6", nn.ReLU6()),
            ("dw", nn.Conv2d(8, 8, 3, padding: 2, dilation: 2, groups: 8, bias: false)),
            ("gelu", nn.GELU()),
            ("same", nn.Conv2d(8, 8, 4, padding: Padding.Same, bias: false)),
            ("gelu_tanh", nn.GELU(TorchSharp.Modules.GELU.Approximate.tanh)),
            ("pw", nn.Conv2d(8, 16, 1)),
            ("hardswish", nn.Hardswish()),
            ("maxpool", nn.MaxPool2d(3, stride: 2, padding: 1)),
            ("silu", nn.SiLU()),
            ("avgpool", nn.AvgPool2d(2, 2, ceil_mode: true, count_include_pad: false)),
            ("leaky", nn.LeakyReLU(0.1)),
            ("bn_plain", nn.BatchNorm2d(16, affine: false)),
            ("tanh", nn.Tanh()),
            ("hardsigmoid", nn.Hardsigmoid()),
            ("relu", nn.ReLU()),
            ("sigmoid", nn.Sigmoid()),
            ("identity", nn.Identity()),
            ("pool", nn.AdaptiveAvgPool2d(1)),
            ("flatten", nn.Flatten()),
            ("dropout", nn.Dropout(0.5)),
            ("fc", nn.Linear(16, 5)));
        using (no_grad())
        {
            foreach (var bn in net.modules().OfType<TorchSharp.Modules.BatchNorm2d>())
            {
                bn.weight?.uniform_(0.5, 1.5);
                bn.bias?.normal_(0, 0.2);
                bn.running_mean!.normal_(0, 0.2);
                bn.running_var!.uniform_(0.5, 2.0);
            }
        }
        using var images = randn(3, 3, 15, 15);
        double diff = OnnxCheck.MaxLogitDifference(net, new InputShape(3, 15, 15, 5), images);
        Assert.True(diff <= 1e-5, $"max |logit difference| {diff}");
    }

    [Fact]
    public void A_module_without_an_onnx_form_is_refused_by_name()
    {
        using var net = nn.Sequential(("flatten", nn.Flatten()), ("fc", nn.Linear(4, 2)), ("softmax", nn.Softmax(1)));
        var e = Assert.Throws<NotSupportedException>(() => OnnxExporter.ToBytes(net, new InputShape(1, 2, 2, 2)));
        Assert.Contains("Softmax", e.Message);
        Assert.Contains(nameof(IOnnxExportable), e.Message);
    }

    [Fact]
    public void Export_leaves_a_training_network_in_training_mode()
    {
        using var net = nn.Sequential(("bn", nn.BatchNorm2d(1)), ("flatten", nn.Flatten()), ("fc", nn.Linear(4, 2)));
        net.train();
        OnnxExporter.ToBytes(net, new InputShape(1, 2, 2, 2));
        Assert.True(net.training);
        Assert.All(net.modules(), m => Assert.True(m.training));
    }
}
