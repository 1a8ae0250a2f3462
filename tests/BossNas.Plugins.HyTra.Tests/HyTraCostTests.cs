using BossNas.Core.Architectures;
using BossNas.Core.Nn;
using BossNas.Core.Context;
using TorchSharp;

namespace BossNas.Plugins.HyTra.Tests;

/// <summary>Analytic costs: equal to counting the built networks, and the paper's BossNet-T0 numbers.</summary>
[Collection("Torch")]
public sealed class HyTraCostTests
{
    private static (string, object)[] With((string, object)[] settings, params (string, object)[] more) =>
        settings.Concat(more).ToArray();

    [Theory]
    [InlineData("path", false, "relu", 32, 3)]
    [InlineData("path", false, "relu", 28, 1)]
    [InlineData("bossnet", false, "relu", 32, 3)]
    [InlineData("bossnet", true, "silu", 28, 1)]
    public void Analytic_cost_equals_counting_the_built_network(string form, bool se, string activation, int size, int channels)
    {
        torch.manual_seed(1);
        var space = HyTraFixture.Create(("Standalone", form), ("Se", se), ("Activation", activation));
        var input = new InputShape(channels, size, size, 10);
        var rng = new SeededRandom(21);
        var archs = new[] { space.NamedArchitectures["bossnet_t0"] }
            .Concat(Enumerable.Range(0, 3).Select(_ => space.SampleArchitecture(rng)));
        foreach (var arch in archs)
        {
            using var network = space.CreateStandalone(arch, input);
            var counted = ModuleCounter.Count(network, input);
            var analytic = space.Cost(arch, input);
            Assert.Equal(counted.Params, analytic.Params);
            Assert.Equal(counted.MAdds, analytic.MAdds);
        }
    }

    [Fact]
    public void Path_form_cost_counts_the_stem_adapters_of_the_all_rule()
    {
        torch.manual_seed(1);
        var space = HyTraFixture.Create(("PathRule", "all"));
        var input = new InputShape(1, 28, 28, 10);
        var arch = Architecture.Parse("0000|0000|0000|0000");
        using var network = space.CreateStandalone(arch, input);
        var counted = ModuleCounter.Count(network, input);
        Assert.Equal(counted, space.Cost(arch, input));
        // The stride-8 adapter: depthwise 8x8 on 16 channels and 1x1 16 -> 32, both at level 0's 4x4.
        var adapter = Counting.Conv(16, 16, 8, 4, 4, groups: 16) + Counting.Conv(16, 32, 1, 4, 4);
        Assert.Equal(16 * 64 * 16 + 16 * 32 * 16, adapter.MAdds);
    }

    [Fact]
    public void BossNet_T0_at_224_px_has_the_papers_MAdds_and_parameters()
    {
        var input = new InputShape(3, 224, 224, 1000);
        var paper = With(HyTraFixture.PaperScale, ("Standalone", "bossnet"));
        var noSe = HyTraFixture.Create(paper);
        var t0 = noSe.NamedArchitectures["bossnet_t0"];
        var plain = noSe.Cost(t0, input);
        Assert.InRange(plain.MAdds, 3.442e9 * 0.98, 3.442e9 * 1.02);
        Assert.InRange(plain.Params, 37.2e6 * 0.98, 37.2e6 * 1.02);

        var withSe = HyTraFixture.Create(With(paper, ("Se", true), ("Activation", "silu"))).Cost(t0, input);
        Assert.InRange(withSe.MAdds, 3.447e9 * 0.98, 3.447e9 * 1.02);
        // SE sits in the 7 ResConv layers (widths 256, 512, 4 x 1024, 2048): conv C -> C/16 -> C with biases.
        long Se(long c) => 2 * c * (c / 16) + c / 16 + c;
        Assert.Equal(Se(256) + Se(512) + 4 * Se(1024) + Se(2048), withSe.Params - plain.Params);
        // boss_madds.py reports 42.6M because it adds SE parameters (2·C²/16) to the 9 ResAtt layers too, which
        // BossNet's ResAtt does not have (8 at 2048 channels, 1 at 1024).
        double seCountedOnAttention = 8 * 2 * 2048.0 * 2048 / 16 + 2 * 1024.0 * 1024 / 16;
        Assert.InRange(withSe.Params + seCountedOnAttention, 42.6e6 * 0.98, 42.6e6 * 1.02);
    }

    [Fact]
    public void The_built_224_px_BossNet_T0_counts_as_the_analytic_cost()
    {
        torch.manual_seed(1);
        var input = new InputShape(3, 224, 224, 1000);
        var space = HyTraFixture.Create(With(HyTraFixture.PaperScale, ("Standalone", "bossnet"), ("Se", true), ("Activation", "silu")));
        var t0 = space.NamedArchitectures["bossnet_t0"];
        using var network = space.CreateStandalone(t0, input);
        // The counter sees attention's products through IMAddsCounted (8 ResAtt at 7x7, 1 at 14x14).
        Assert.Equal(ModuleCounter.Count(network, input), space.Cost(t0, input));
    }
}
