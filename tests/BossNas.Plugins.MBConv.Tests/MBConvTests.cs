using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Nn;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Tests.Support;
using Xunit.Abstractions;
using static BossNas.Tests.Support.SpaceTestKit;
using static TorchSharp.torch;

namespace BossNas.Plugins.MBConv.Tests;

/// <summary>The <c>mbconv</c> space: geometry, weight sharing, sampling, encoding and costs.</summary>
[Collection("Torch")]
public sealed class MBConvTests(ITestOutputHelper output)
{
    private static readonly InputShape Gray28 = new(1, 28, 28, 10);
    private static readonly InputShape Color32 = new(3, 32, 32, 10);

    private static ISearchSpace Default() => Space("mbconv");

    private static ISearchSpace Paper() => TestPlugins.Host.Create<ISearchSpace>(ComponentKind.SearchSpace, "mbconv", MBConvOptions.Paper());

    public static TheoryData<int, int, int[]> Inputs => new()
    {
        // channels, side, expected map side after each block (stem stride 1, block strides 1,2,2,1,2; pads keep ceil(n/s))
        { 1, 28, new[] { 28, 14, 7, 7, 4 } },
        { 3, 32, new[] { 32, 16, 8, 8, 4 } },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Every_block_outputs_the_shape_it_reports_for_random_paths(int channels, int side, int[] sides)
    {
        var space = Default();
        var input = new InputShape(channels, side, side, 10);
        using var supernet = space.CreateSupernet(input);
        var rng = new SeededRandom(1);
        int[] widths = { 16, 24, 32, 48, 64 };
        using var noGrad = no_grad();
        for (int trial = 0; trial < 3; trial++)
        {
            using var scope = NewDisposeScope();
            var arch = space.SampleArchitecture(rng);
            var x = supernet.ForwardStem(randn(2, channels, side, side));
            Assert.Equal(new long[] { 2, 8, side, side }, x.shape);
            for (int b = 0; b < supernet.BlockCount; b++)
            {
                x = supernet.ForwardBlock(b, x, arch.Prefix(b), arch.Blocks[b]);
                var reported = supernet.BlockOutput(b, arch.Prefix(b), arch.Blocks[b]);
                Assert.Equal(new FeatureShape(widths[b], sides[b], sides[b]), reported);
                Assert.Equal(new long[] { 2, reported.Channels, reported.Height, reported.Width }, x.shape);
                Assert.Equal(new[] { reported }, supernet.PossibleBlockOutputs(b));
            }
        }
    }

    [Theory]
    [InlineData(1, 28, 11)]
    [InlineData(3, 32, 12)]
    public void A_supernet_path_computes_what_the_standalone_network_computes_after_inheriting(int channels, int side, int seed)
    {
        manual_seed(seed);
        var space = Default();
        var input = new InputShape(channels, side, side, 10);
        using var supernet = space.CreateSupernet(input);
        RandomiseBatchNorms(supernet);
        supernet.eval();
        var arch = space.SampleArchitecture(new SeededRandom((ulong)seed));
        using var net = space.CreateStandalone(arch, input);
        space.InheritWeights(supernet, net, arch);
        net.eval();

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var images = randn(3, channels, side, side);
        var features = supernet.ForwardFeatures(images, arch);
        var expected = Child(net, "head").call(features);
        AssertClose(net.call(images), expected);

        // The comparison is not vacuous: another op in one layer of block 2 changes the output.
        var ops = arch.Blocks[2].Ops.ToArray();
        ops[0] = (ops[0] + 1) % 4;
        var other = new Architecture(arch.Blocks.Select((p, b) => b == 2 ? new BlockPath(ops) : p));
        var otherFeatures = supernet.ForwardFeatures(images, other);
        Assert.True(MaxDifference(otherFeatures, features) > 1e-3);
    }

    [Fact]
    public void Drop_connect_acts_only_in_training_when_a_strategy_sets_a_rate()
    {
        var space = Default();
        using var supernet = space.CreateSupernet(Gray28);
        var depth = Assert.IsAssignableFrom<IStochasticDepth>(supernet);
        Assert.Equal(0, depth.DropConnectRate);
        var arch = space.SampleArchitecture(new BossNas.Core.Context.SeededRandom(3));
        using var x = randn(8, 1, 28, 28);
        supernet.train();
        Tensor Run(int seed)
        {
            manual_seed(seed);
            using var noGrad = no_grad();
            return supernet.ForwardFeatures(x, arch);
        }

        // Off (the default): training-mode passes are deterministic whatever the random state.
        using var off1 = Run(1);
        using var off2 = Run(2);
        AssertClose(off1, off2, 0);
        depth.DropConnectRate = 0.5;
        using var on1 = Run(1);
        using var on2 = Run(2);
        Assert.True(MaxDifference(on1, off1) > 1e-3, "a rate of 0.5 drops some branch");
        Assert.True(MaxDifference(on1, on2) > 1e-3, "other random draws drop other branches");
        supernet.eval();
        using var eval1 = Run(1);
        using var eval2 = Run(2);
        AssertClose(eval1, eval2, 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => depth.DropConnectRate = 1);
    }

    [Fact]
    public void The_four_candidates_of_a_layer_share_one_residual()
    {
        var space = Default();
        using var supernet = space.CreateSupernet(Color32);
        var names = supernet.named_parameters().Select(p => p.name).ToList();
        // Block 1's first layer changes channels 16->24 at stride 2: one pool+conv+BN residual for the layer.
        Assert.Contains("blocks.1.0.shortcut.conv.weight", names);
        Assert.DoesNotContain(names, n => n.Contains("ops.", StringComparison.Ordinal) && n.Contains("shortcut", StringComparison.Ordinal));
        Assert.Equal(4, names.Count(n => n.StartsWith("blocks.1.0.ops.", StringComparison.Ordinal) && n.EndsWith("conv_pw.weight", StringComparison.Ordinal)));

        // Blocks own disjoint parameters; with the stem they are all of the supernet's.
        var perBlock = Enumerable.Range(0, supernet.BlockCount).SelectMany(b => supernet.BlockParameters(b)).ToList();
        Assert.Equal(perBlock.Count, perBlock.Distinct().Count());
        long stem = supernet.named_parameters().Where(p => p.name.StartsWith("stem.", StringComparison.Ordinal)).Sum(p => p.parameter.numel());
        Assert.Equal(supernet.parameters().Sum(p => p.numel()), stem + perBlock.Sum(p => p.numel()));
    }

    [Fact]
    public void Sampling_yields_only_valid_architectures_and_distinct_paths()
    {
        var space = Default();
        var rng = new SeededRandom(7);
        for (int i = 0; i < 200; i++) Assert.Null(space.Validate(space.SampleArchitecture(rng)));
        var prefix = Architecture.Empty;
        for (int b = 0; b < space.Blocks.Count; b++)
        {
            var all = space.CandidatePaths(b, prefix);
            Assert.Equal(16, all.Count);
            Assert.Equal(16, all.Distinct().Count());
            var drawn = space.SampleBlockPaths(b, prefix, 4, PathSampling.Uniform, rng);
            Assert.Equal(4, drawn.Count);
            Assert.Equal(4, drawn.Distinct().Count());
            Assert.All(drawn, p => Assert.Contains(p, all));
            prefix = prefix.Append(drawn[0]);
        }
        Assert.Null(space.Validate(prefix));
        Assert.NotNull(space.Validate(Architecture.Parse("00|00|00|00|04")));
        Assert.NotNull(space.Validate(Architecture.Parse("00|00|00|00")));
        Assert.Null(space.Validate(Architecture.Parse("00|00|00|00"), allowPartial: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => space.SampleBlockPaths(0, Architecture.Empty, 17, PathSampling.Uniform, rng));
    }

    [Fact]
    public void Strict_fair_sets_use_every_op_of_every_layer_exactly_once()
    {
        var space = Paper();
        Assert.True(space.SupportsStrictFair);
        var rng = new SeededRandom(3);
        var prefix = Architecture.Empty;
        for (int b = 0; b < space.Blocks.Count; b++)
        {
            for (int draw = 0; draw < 20; draw++)
            {
                var set = space.SampleBlockPaths(b, prefix, 2, PathSampling.StrictFair, rng);
                Assert.Equal(4, set.Count);
                for (int l = 0; l < space.Blocks[b].Layers; l++)
                    Assert.Equal(new[] { 0, 1, 2, 3 }, set.Select(p => p[l]).OrderBy(o => o));
            }
            prefix = prefix.Append(space.CandidatePaths(b, prefix)[0]);
        }
    }

    [Fact]
    public void The_paper_space_has_4_to_the_18_architectures()
    {
        var space = Paper();
        Assert.Equal(Math.Pow(4, 18), space.CountArchitectures());
        Assert.Equal(new[] { 2, 4, 4, 4, 4 }, space.Blocks.Select(b => b.Layers));
        Assert.Equal(new[] { "MB6 3x3", "MB6 5x5", "MB3 3x3", "MB3 5x5" }, space.Blocks[0].ChoiceNames[0]);
        Assert.Equal(16, space.CandidatePaths(0, Architecture.Empty).Count);
        Assert.Equal(256, space.CandidatePaths(1, Architecture.Parse("11")).Count);
        Assert.Equal("11|0110|0111|1100|0110", space.NamedArchitectures["bossnas_released_greedy"].ToString());
    }

    [Fact]
    public void Architectures_round_trip_through_string_and_json()
    {
        var space = Paper();
        var rng = new SeededRandom(5);
        for (int i = 0; i < 20; i++)
        {
            var arch = space.SampleArchitecture(rng);
            Assert.Equal(arch, Architecture.Parse(arch.ToString()));
            Assert.Equal(arch, Architecture.FromJson(arch.ToJson()));
            Assert.Equal(18, arch.ToString().Count(char.IsAsciiDigit));
        }
        Assert.Contains("block 4 layer 3: MB3 5x5 s1 192->192", space.Describe(Architecture.Parse("00|0000|0000|0000|0003")));
    }

    [Fact]
    public void Cost_of_a_tiny_network_matches_a_hand_count()
    {
        var space = Space("mbconv",
            ("BlockChannels", new[] { 8 }), ("BlockStrides", new[] { 2 }), ("BlockLayers", new[] { 1 }),
            ("StemChannels", 4), ("FirstChannels", 4), ("StemStride", 1), ("LastChannels", 0), ("HeadChannels", 0));
        var input = new InputShape(1, 8, 8, 10);
        var arch = Architecture.Parse("0"); // MB6 3x3, 4 -> 8 at stride 2: mid = make_divisible(24, 8) = 24

        double madds =
            1 * 4 * 9 * 64        // stem conv 3x3 1->4 at 8x8
            + 4 * 9 * 64          // stem depthwise 3x3 (4 channels) at 8x8
            + (4 * 1 + 1 * 4)     // stem SE: 4->1->4 on 1x1 (reduced = 0.25 * 4 = 1)
            + 4 * 4 * 64          // stem pointwise 4->4 at 8x8
            + 4 * 24 * 64         // layer pw-expand 4->24 at the input's 8x8
            + 24 * 9 * 16         // layer depthwise 3x3 stride 2 -> 4x4
            + (24 * 1 + 1 * 24)   // layer SE: 24->1->24 (reduced = 0.25 * in 4 = 1)
            + 24 * 8 * 16         // layer pw-linear 24->8 at 4x4
            + 4 * 8 * 16          // residual: avg pool, then conv1x1 4->8 at 4x4
            + 8 * 10;             // classifier
        long parameters =
            36 + 8                // stem conv + BN
            + 36 + 8              // stem depthwise + BN
            + (4 + 1) + (4 + 4)   // stem SE convs with bias
            + 16 + 8              // stem pointwise + BN
            + 96 + 48             // pw-expand + BN(24)
            + 216 + 48            // depthwise + BN(24)
            + (24 + 1) + (24 + 24) // SE convs with bias
            + 192 + 16            // pw-linear + BN(8)
            + 32 + 16             // residual conv + BN(8)
            + 80 + 10;            // classifier
        Assert.Equal(18952, madds);
        Assert.Equal(952, parameters);
        Assert.Equal(new Cost(madds, parameters), space.Cost(arch, input));
        using var net = space.CreateStandalone(arch, input);
        Assert.Equal(new Cost(madds, parameters), ModuleCounter.Count(net, input));
    }

    private static ISearchSpace BnNasOps(bool affine) => Space("mbconv", ("Ops", "bnnas"), ("Skip", true), ("SupernetBnAffine", affine));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_BN_NAS_op_set_with_skip_costs_what_it_counts_and_inherits_into_the_standalone_network(bool affine)
    {
        var space = BnNasOps(affine);
        Assert.All(space.Blocks.SelectMany(b => b.ChoiceNames), names =>
            Assert.Equal(new[] { "MB3 3x3", "MB6 3x3", "MB3 5x5", "MB6 5x5", "MB3 7x7", "MB6 7x7", "skip" }, names));
        manual_seed(4);
        using var supernet = space.CreateSupernet(Gray28);
        Assert.Equal(affine, supernet.modules().OfType<TorchSharp.Modules.BatchNorm2d>().All(b => b.weight is not null));
        if (affine) RandomiseBatchNorms(supernet);
        supernet.eval();
        var rng = new SeededRandom(4);
        for (int i = 0; i < 4; i++)
        {
            var arch = space.SampleArchitecture(rng);
            if (i == 0) arch = Architecture.Parse("66|36|56|06|16"); // skips in first (projection) and later (identity) layers
            using var net = space.CreateStandalone(arch, Gray28);
            Assert.Equal(ModuleCounter.Count(net, Gray28), space.Cost(arch, Gray28));
            space.InheritWeights(supernet, net, arch);
            net.eval();
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var images = randn(2, 1, 28, 28);
            AssertClose(net.call(images), Child(net, "head").call(supernet.ForwardFeatures(images, arch)));
        }
        // A skip in a stride-1 layer of unchanged width is the identity: the layer's input passes unchanged.
        Assert.Null(supernet.CandidateOp(0, 1, 6));
        Assert.Equal(6, space.Smallest(Gray28).Blocks[0][0]);
    }

    [Fact]
    public void The_default_op_set_is_unchanged()
    {
        var space = Default();
        Assert.All(space.Blocks.SelectMany(b => b.ChoiceNames), names => Assert.Equal(new[] { "MB6 3x3", "MB6 5x5", "MB3 3x3", "MB3 5x5" }, names));
    }

    [Fact]
    public void Analytic_cost_equals_the_module_counter_on_random_architectures()
    {
        var space = Default();
        var rng = new SeededRandom(9);
        foreach (var input in new[] { Gray28, Color32 })
        {
            for (int i = 0; i < 3; i++)
            {
                var arch = space.SampleArchitecture(rng);
                using var net = space.CreateStandalone(arch, input);
                Assert.Equal(ModuleCounter.Count(net, input), space.Cost(arch, input));
            }
        }
    }

    [Fact]
    public void The_paper_network_costs_what_its_modules_count()
    {
        var paper = Paper();
        var t = paper.NamedArchitectures["bossnas_released_greedy"];
        // The module count runs at 96 px (maps 48, 24, 12, 6, 6, 3) to stay fast; the analytic count holds at any size.
        var small = new InputShape(3, 96, 96, 1000);
        using (var net = paper.CreateStandalone(t, small))
            Assert.Equal(ModuleCounter.Count(net, small), paper.Cost(t, small));
        var cost = paper.Cost(t, new InputShape(3, 224, 224, 1000));
        output.WriteLine($"paper space, {t} at 224 px: {cost}");
        // DNA/BossNAS-sized MBConv networks: a few hundred million MAdds, ~5-7M parameters.
        Assert.InRange(cost.MAdds, 2e8, 7e8);
        Assert.InRange(cost.Params, 3e6, 9e6);
    }

    [Fact]
    public void Inconsistent_options_are_rejected_with_the_key()
    {
        // Built directly, past the config binder (which reports the same rule at the key's line).
        var e = Assert.ThrowsAny<ArgumentException>(() => new MBConvSpace(new MBConvOptions { BlockStrides = [1, 2, 3] }));
        Assert.Contains("block_strides", e.Message, StringComparison.Ordinal);
    }
}
