using BossNas.Core.Architectures;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using TorchSharp;
using static TorchSharp.torch;

namespace BossNas.Plugins.HyTra.Tests;

/// <summary>The supernet: block output shapes, weight sharing, equality with the inherited path network.</summary>
[Collection("Torch")]
public sealed class HyTraSupernetTests
{
    private static IEnumerable<Architecture> Architectures(ISearchSpace space, int seed, int random)
    {
        var rng = new SeededRandom((ulong)seed);
        yield return Architecture.Parse("5433|3230|0010|0000");
        yield return Architecture.Parse("5421|0101|0000|1111");
        for (int i = 0; i < random; i++) yield return space.SampleArchitecture(rng);
    }

    [Theory]
    [InlineData(32, 3)]
    [InlineData(28, 1)]
    public void Every_block_outputs_its_levels_shape_along_random_valid_paths(int size, int channels)
    {
        torch.manual_seed(1);
        var space = HyTraFixture.Create();
        using var supernet = space.CreateSupernet(new InputShape(channels, size, size, 10));
        var sizes = HyTraFixture.Sizes[size];
        using var noGrad = no_grad();
        foreach (var arch in Architectures(space, 5, 2))
        {
            using var scope = NewDisposeScope();
            var h = supernet.ForwardStem(randn(2, channels, size, size));
            Assert.Equal(new long[] { 2, 16, size, size }, h.shape);
            for (int b = 0; b < 4; b++)
            {
                var prefix = arch.Prefix(b);
                h = supernet.ForwardBlock(b, h, prefix, arch.Blocks[b]);
                int level = HyTraFixture.Level(arch.Blocks[b].Last);
                var expected = new FeatureShape(HyTraFixture.Widths[level], sizes[level], sizes[level]);
                Assert.Equal(new long[] { 2, expected.Channels, expected.Height, expected.Width }, h.shape);
                Assert.Equal(expected, supernet.BlockOutput(b, prefix, arch.Blocks[b]));
                Assert.Contains(expected, supernet.PossibleBlockOutputs(b));
            }
        }
    }

    [Fact]
    public void The_imagenet_stem_puts_224_px_at_56_for_the_finest_level()
    {
        torch.manual_seed(1);
        var space = HyTraFixture.Create(("Stem", "imagenet"));
        using var supernet = space.CreateSupernet(new InputShape(3, 224, 224, 1000));
        var t0 = space.NamedArchitectures["bossnet_t0"];
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var h = supernet.ForwardStem(randn(1, 3, 224, 224));
        Assert.Equal(new long[] { 1, 16, 56, 56 }, h.shape);
        // T0's blocks end at levels 1, 0, 0, 0: 14x14 with 64 channels, then 7x7 with 128.
        for (int b = 0; b < 4; b++)
        {
            h = supernet.ForwardBlock(b, h, t0.Prefix(b), t0.Blocks[b]);
            int side = b == 0 ? 14 : 7;
            Assert.Equal(new long[] { 1, b == 0 ? 64 : 128, side, side }, h.shape);
        }
    }

    [Fact]
    public void Block_0_reaches_every_level_through_the_stem_adapters_under_the_all_rule()
    {
        torch.manual_seed(1);
        var space = HyTraFixture.Create(("PathRule", "all"));
        using var supernet = space.CreateSupernet(new InputShape(1, 28, 28, 10));
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var stem = supernet.ForwardStem(randn(2, 1, 28, 28));
        // Stride-8 adapter on 28 px: padded to 32, giving level 0's 4x4 (not floor(28/8) = 3).
        Assert.Equal(new long[] { 2, 128, 4, 4 }, supernet.ForwardBlock(0, stem, Architecture.Empty, BlockPath.Parse("0000")).shape);
        Assert.Equal(new long[] { 2, 64, 7, 7 }, supernet.ForwardBlock(0, stem, Architecture.Empty, BlockPath.Parse("2222")).shape);
        Assert.Equal(new long[] { 2, 128, 4, 4 }, supernet.ForwardBlock(0, stem, Architecture.Empty, BlockPath.Parse("3210")).shape);
    }

    [Fact]
    public void Possible_outputs_and_block_modules_describe_the_blocks()
    {
        torch.manual_seed(1);
        var space = HyTraFixture.Create();
        using var supernet = space.CreateSupernet(new InputShape(3, 32, 32, 10));
        Assert.Equal(4, supernet.BlockCount);
        // Block 0 cannot end at level 3 (a dead end), the last two blocks only at levels 0 and 1.
        Assert.Equal([new FeatureShape(128, 4, 4), new FeatureShape(64, 8, 8), new FeatureShape(64, 16, 16)], supernet.PossibleBlockOutputs(0));
        Assert.Equal([new FeatureShape(128, 4, 4), new FeatureShape(64, 8, 8)], supernet.PossibleBlockOutputs(3));
        var perBlock = Enumerable.Range(0, 4).Select(b => supernet.BlockParameters(b).Select(p => p.Handle).ToHashSet()).ToList();
        var all = supernet.parameters().Select(p => p.Handle).ToHashSet();
        Assert.Equal(all.Count, perBlock.Sum(s => s.Count));
        Assert.Equal(all, perBlock.SelectMany(s => s).ToHashSet());
        // The stem trains with block 0.
        var stemWeight = supernet.named_parameters().First(p => p.name.StartsWith("stem.", StringComparison.Ordinal)).parameter;
        Assert.Contains(stemWeight.Handle, perBlock[0]);
        Assert.Throws<ArgumentException>(() => supernet.ForwardBlock(1, zeros(1, 64, 8, 8), Architecture.Parse("5433"), BlockPath.Parse("4444")));
    }

    [Fact]
    public void Paths_sharing_an_op_share_its_parameters()
    {
        torch.manual_seed(3);
        var space = HyTraFixture.Create();
        using var supernet = space.CreateSupernet(new InputShape(3, 32, 32, 10));
        using (no_grad())
        {
            // Undo the zero-γ init so gradients reach every conv of the ops.
            foreach (var (name, p) in supernet.named_parameters())
                if (p.dim() == 1 && name.EndsWith("weight", StringComparison.Ordinal)) p.fill_(1);
        }
        using var x = randn(2, 3, 32, 32);
        HashSet<string> GradientsOf(string path)
        {
            supernet.zero_grad();
            using var scope = NewDisposeScope();
            supernet.ForwardBlock(0, supernet.ForwardStem(x), Architecture.Empty, BlockPath.Parse(path)).square().sum().backward();
            return supernet.named_parameters()
                .Where(p => p.parameter.grad is { } g && g.abs().sum().item<float>() > 0)
                .Select(p => p.name).ToHashSet();
        }
        var a = GradientsOf("5433");
        var b = GradientsOf("5432");
        // Layers 0-2 use the same ops (5, 4, 3): both paths train the same tensors there.
        foreach (var shared in new[] { "blocks.0.layers.0.ops.5.conv2.weight", "blocks.0.layers.1.ops.4.conv1_d.weight",
                     "blocks.0.layers.2.ops.3.conv2.weight", "blocks.0.layers.0.adapters.3.pw.weight", "stem.conv.weight" })
        {
            Assert.Contains(shared, a);
            Assert.Contains(shared, b);
        }
        Assert.Contains("blocks.0.layers.3.ops.3.conv2.weight", a);
        Assert.DoesNotContain("blocks.0.layers.3.ops.3.conv2.weight", b);
        Assert.Contains("blocks.0.layers.3.ops.2.attn.to_qkv.weight", b);
        Assert.DoesNotContain("blocks.0.layers.3.ops.2.attn.to_qkv.weight", a);
        // Ops the paths do not take get nothing.
        Assert.DoesNotContain(a.Concat(b), n => n.StartsWith("blocks.0.layers.2.ops.4.", StringComparison.Ordinal));
        Assert.DoesNotContain(a.Concat(b), n => n.StartsWith("blocks.1.", StringComparison.Ordinal));

        // A step along path A changes what path B computes.
        supernet.eval();
        using var before = Run(supernet, x, "5432");
        supernet.train();
        GradientsOf("5433");
        using (no_grad())
            foreach (var p in supernet.parameters()) if (p.grad is { } g) p.sub_(g.mul(0.01));
        supernet.eval();
        using var after = Run(supernet, x, "5432");
        Assert.False(before.allclose(after));
    }

    private static Tensor Run(Supernet supernet, Tensor x, string path)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return supernet.ForwardBlock(0, supernet.ForwardStem(x), Architecture.Empty, BlockPath.Parse(path)).MoveToOuterDisposeScope();
    }

    [Fact]
    public void The_inherited_path_network_computes_what_the_supernet_does_along_the_path()
    {
        torch.manual_seed(2);
        var space = HyTraFixture.Create();
        var input = new InputShape(3, 32, 32, 10);
        using var supernet = space.CreateSupernet(input);
        using (no_grad())
        {
            // Non-trivial BN affine parameters (γ = 0 would hide most of each op).
            foreach (var (name, p) in supernet.named_parameters())
            {
                if (p.dim() != 1) continue;
                if (name.EndsWith("weight", StringComparison.Ordinal)) p.uniform_(0.5, 1.5);
                else p.normal_(0, 0.1);
            }
        }
        foreach (var arch in Architectures(space, 9, 1))
        {
            using var scope = NewDisposeScope();
            // Running statistics along this path, so eval mode uses learnt statistics.
            supernet.train();
            using (no_grad())
                supernet.ForwardFeatures(randn(4, 3, 32, 32), arch);
            supernet.eval();

            using var network = space.CreateStandalone(arch, input);
            network.eval();
            var x = randn(3, 3, 32, 32);
            using var noGrad = no_grad();
            var fresh = network.call(x);
            space.InheritWeights(supernet, network, arch);
            var parameters = network.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            var features = supernet.ForwardFeatures(x, arch);
            var expected = nn.functional.linear(features.mean(new long[] { 2, 3 }), parameters["fc.weight"], parameters["fc.bias"]);
            var actual = network.call(x);
            Assert.Equal(expected.shape, actual.shape);
            Assert.True(actual.allclose(expected, rtol: 1e-4, atol: 1e-5), $"{arch}: outputs differ");
            Assert.False(fresh.allclose(expected, rtol: 1e-4, atol: 1e-5));
        }
    }

    [Fact]
    public void The_bossnet_form_cannot_inherit_supernet_weights()
    {
        torch.manual_seed(1);
        var space = HyTraFixture.Create(("Standalone", "bossnet"));
        var input = new InputShape(3, 32, 32, 10);
        var arch = space.NamedArchitectures["bossnet_t0"];
        using var supernet = space.CreateSupernet(input);
        using var network = space.CreateStandalone(arch, input);
        var e = Assert.Throws<NotSupportedException>(() => space.InheritWeights(supernet, network, arch));
        Assert.Contains("standalone = \"path\"", e.Message);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Assert.Equal(new long[] { 2, 10 }, network.call(randn(2, 3, 32, 32)).shape);
    }
}
