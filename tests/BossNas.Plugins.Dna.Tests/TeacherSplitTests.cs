using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Spaces;
using TorchSharp;
using static TorchSharp.torch;

namespace BossNas.Plugins.Dna.Tests;

/// <summary>The teacher split into the space's blocks: chained, the blocks give the whole network's output.</summary>
[Collection("Torch")]
public sealed class TeacherSplitTests
{
    [Theory]
    [MemberData(nameof(Registry.Spaces), MemberType = typeof(Registry))]
    public void Stem_blocks_and_head_chained_reproduce_the_network(string name)
    {
        var space = Registry.Create<ISearchSpace>(ComponentKind.SearchSpace, name)!;
        foreach (var input in new[] { new InputShape(1, 28, 28, 10), new InputShape(3, 32, 32, 10) })
        {
            manual_seed(3);
            using var net = space.CreateStandalone(space.Largest(input), input);
            if (net is not IStandaloneNetwork split) continue; // a stand-alone form without a supernet counterpart
            net.eval();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var images = randn(3, input.Channels, input.Height, input.Width);
            var whole = net.call(images);
            var chained = TeacherSplit.Chained(split, images);
            Assert.Equal(space.Blocks.Count, split.BlockCount);
            Assert.True(whole.allclose(chained, rtol: 0, atol: 1e-6), $"{name} at {input}");
            Assert.True(split.ForwardFeatures(images).allclose(split.ForwardBlock(space.Blocks.Count - 1,
                Enumerable.Range(0, space.Blocks.Count - 1).Aggregate(split.ForwardStem(images), (x, b) => split.ForwardBlock(b, x))), rtol: 0, atol: 1e-6));
        }
    }

    [Fact]
    public void The_guide_of_block_b_is_the_teachers_block_b_minus_1_output_and_block_0_gets_the_images()
    {
        var space = Registry.Create<ISearchSpace>(ComponentKind.SearchSpace, "mbconv")!;
        var input = new InputShape(1, 16, 16, 4);
        manual_seed(4);
        using var net = space.CreateStandalone(space.Largest(input), input);
        net.eval();
        var split = (IStandaloneNetwork)net;
        Func<IStandaloneNetwork, int, Tensor, (Tensor, Tensor)> guideAndTarget = (t, b, x) => TeacherSplit.GuideAndTarget(t, b, x);
        using var scope = NewDisposeScope();
        var images = randn(2, 1, 16, 16);
        var (g0, t0) = guideAndTarget(split, 0, images);
        Assert.Same(images, g0);
        using var noGrad = no_grad();
        var x0 = split.ForwardBlock(0, split.ForwardStem(images));
        Assert.True(t0.allclose(x0, rtol: 0, atol: 0));
        var (g1, t1) = guideAndTarget(split, 1, images);
        Assert.True(g1.allclose(x0, rtol: 0, atol: 0));
        Assert.True(t1.allclose(split.ForwardBlock(1, x0), rtol: 0, atol: 0));
        Assert.False(t1.requires_grad);
    }
}
