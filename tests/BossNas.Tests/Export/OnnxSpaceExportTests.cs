using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Engine.Data;
using BossNas.Engine.Data.Augment;
using BossNas.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace BossNas.Tests.Export;

/// <summary>
/// Every registered search space's stand-alone networks (largest, smallest and random architectures, eval mode with
/// non-trivial BatchNorm statistics) exported to ONNX and run in ONNX Runtime give TorchSharp's logits: on normalised
/// Fashion-MNIST test images at 28×28×1 and on random normal images at 32×32×3. A space added to the registry is
/// covered without a change here.
/// </summary>
[Collection("Torch")]
public sealed class OnnxSpaceExportTests
{
    /// <summary>The largest |logit difference| allowed between ONNX Runtime and TorchSharp.</summary>
    private const double Tolerance = 1e-4;

    private readonly ITestOutputHelper _output;

    public OnnxSpaceExportTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [MemberData(nameof(Registry.Spaces), MemberType = typeof(Registry))]
    public void Stand_alone_networks_give_torchsharp_logits_in_onnx_runtime(string name)
    {
        var space = Registry.Create<ISearchSpace>(ComponentKind.SearchSpace, name) ?? throw new InvalidOperationException($"{name} needs settings");
        AssertExportsMatch(name, space);
    }

    [Theory]
    [InlineData("bossnet", "silu", true, "cifar", "standard")]
    [InlineData("path", "relu", false, "imagenet", "transposed")]
    public void Hytra_network_variants_give_torchsharp_logits_in_onnx_runtime(string standalone, string activation, bool se, string stem,
        string attention)
    {
        var options = ComponentOptions.Smoke(ComponentKind.SearchSpace, "hytra",
            ("Standalone", standalone), ("Activation", activation), ("Se", se), ("Stem", stem), ("Attention", attention));
        var space = TestPlugins.Host.Create<ISearchSpace>(ComponentKind.SearchSpace, "hytra", options);
        AssertExportsMatch($"hytra ({standalone}, {activation}, se {se}, {stem} stem, {attention} attention)", space);
    }

    private void AssertExportsMatch(string label, ISearchSpace space)
    {
        foreach (var (input, images) in Inputs())
        {
            using (images)
            {
                var archs = new List<Architecture> { space.Largest(input), space.Smallest(input) };
                for (ulong seed = 0; seed < 3; seed++) archs.Add(space.SampleArchitecture(new SeededRandom(200 + seed)));
                foreach (var a in archs)
                {
                    manual_seed(5);
                    using var net = space.CreateStandalone(a, input);
                    RandomiseBatchNorms(net);
                    var (diff, scale, operators) = OnnxCheck.Compare(net, input, images);
                    _output.WriteLine($"{label} {input.Channels}x{input.Height}x{input.Width} {a}: max |logit difference| {diff:E2} " +
                                      $"(max |logit| {scale:G3}; {string.Join(' ', operators)})");
                    Assert.True(diff <= Tolerance, $"{label} {a} at {input}: max |logit difference| {diff}");
                }
            }
        }
    }

    /// <summary>16 Fashion-MNIST test images normalised as for training, and 8 random normal 32×32×3 images.</summary>
    private static IEnumerable<(InputShape Input, Tensor Images)> Inputs()
    {
        var (train, test) = IdxReader.ReadFashionMnist(IdxReader.FindFashionMnist(DatasetLoader.ShippedSubset)!);
        using (var trainImages = new ImageTensors(train))
        using (var testImages = new ImageTensors(test))
        {
            var views = new ViewPipelines(Normalization.Of(trainImages.Images));
            using var first = testImages.Images.narrow(0, 0, 16).to_type(ScalarType.Float32).div_(255f);
            yield return (new InputShape(1, 28, 28, 10), views.Eval(first).DetachFromDisposeScope());
        }
        manual_seed(9);
        yield return (new InputShape(3, 32, 32, 10), randn(8, 3, 32, 32).DetachFromDisposeScope());
    }

    /// <summary>Non-trivial affine parameters and running statistics for every BatchNorm (a zero γ would hide a branch).</summary>
    private static void RandomiseBatchNorms(nn.Module net)
    {
        using var noGrad = no_grad();
        foreach (var bn in net.modules().OfType<TorchSharp.Modules.BatchNorm2d>())
        {
            bn.weight?.uniform_(0.5, 1.5);
            bn.bias?.normal_(0, 0.2);
            bn.running_mean!.normal_(0, 0.2);
            bn.running_var!.uniform_(0.5, 2.0);
        }
    }
}
