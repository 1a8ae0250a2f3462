using BossNas.Core.Architectures;
using BossNas.Core.Nn;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using static BossNas.Tests.Support.SpaceTestKit;
using static TorchSharp.torch;

namespace BossNas.Plugins.Nats.Tests;

/// <summary>The <c>nats</c> (NATS-Bench size) space: geometry, slimmable weight sharing, sampling, encoding and costs.</summary>
[Collection("Torch")]
public sealed class NatsTests
{
    private static readonly int[] Widths = { 8, 16, 24, 32, 40, 48, 56, 64 };
    private static readonly InputShape Cifar = new(3, 32, 32, 10);

    private static ISearchSpace Cifar10Space() => Space("nats");

    private static ISearchSpace Cifar100Space() => Space("nats", ("BlockLayers", new[] { 2, 1, 2 }));

    public static TheoryData<int, int, int[]> Inputs => new()
    {
        // channels, side, map side after each block of the CIFAR-10 partition (cell,res | cell,res | cell)
        { 1, 28, new[] { 14, 7, 7 } },
        { 3, 32, new[] { 16, 8, 8 } },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Every_block_outputs_the_width_of_its_last_layer_for_random_paths(int channels, int side, int[] sides)
    {
        var space = Cifar10Space();
        using var supernet = space.CreateSupernet(new InputShape(channels, side, side, 10));
        var rng = new SeededRandom(2);
        using var noGrad = no_grad();
        for (int trial = 0; trial < 2; trial++)
        {
            using var scope = NewDisposeScope();
            var arch = space.SampleArchitecture(rng);
            var x = supernet.ForwardStem(randn(2, channels, side, side));
            Assert.Equal(new long[] { 2, 64, side, side }, x.shape); // full width; block 0 keeps the first c1 channels
            for (int b = 0; b < 3; b++)
            {
                x = supernet.ForwardBlock(b, x, arch.Prefix(b), arch.Blocks[b]);
                var reported = supernet.BlockOutput(b, arch.Prefix(b), arch.Blocks[b]);
                Assert.Equal(new FeatureShape(Widths[arch.Blocks[b].Last], sides[b], sides[b]), reported);
                Assert.Equal(new long[] { 2, reported.Channels, reported.Height, reported.Width }, x.shape);
                Assert.Equal(Widths.Select(w => new FeatureShape(w, sides[b], sides[b])), supernet.PossibleBlockOutputs(b));
            }
        }
    }

    [Fact]
    public void A_block_refuses_an_input_whose_width_is_not_the_prefix_end()
    {
        var space = Cifar10Space();
        using var supernet = space.CreateSupernet(Cifar);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var x = supernet.ForwardBlock(0, supernet.ForwardStem(randn(1, 3, 32, 32)), Architecture.Empty, BlockPath.Parse("32"));
        Assert.Equal(24, x.shape[1]);
        var e = Assert.Throws<ArgumentException>(() => supernet.ForwardBlock(1, x, Architecture.Parse("35"), BlockPath.Parse("00")));
        Assert.Contains("expects 48 channels, got 24", e.Message);
    }

    public static TheoryData<string, string, int, int> Equivalence => new()
    {
        // partition, widths, image channels, side
        { "c10", "64:64:64:64:64", 3, 32 },
        { "c10", "8:64:16:56:24", 3, 32 },  // every layer changes width: skips become 1x1 convs, slices differ
        { "c10", "40:40:32:32:48", 1, 28 },
        { "c100", "16:48:48:8:64", 3, 32 },
    };

    [Theory]
    [MemberData(nameof(Equivalence))]
    public void A_supernet_path_computes_what_the_standalone_network_computes_after_inheriting(string partition, string widths, int channels, int side)
    {
        manual_seed(widths.Length + side);
        var space = partition == "c10" ? Cifar10Space() : Cifar100Space();
        var input = new InputShape(channels, side, side, 10);
        Architecture arch = ((NatsSpace)space).FromWidthString(widths);
        using var supernet = space.CreateSupernet(input);
        RandomiseBatchNorms(supernet);
        supernet.eval();
        using var net = space.CreateStandalone(arch, input);
        space.InheritWeights(supernet, net, arch);
        net.eval();

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var images = randn(3, channels, side, side);
        var features = supernet.ForwardFeatures(images, arch);
        AssertClose(net.call(images), Child(net, "head").call(features));

        // Not vacuous: the same widths with another BN index/slice in block 1 give other features.
        var choices = arch.Blocks.SelectMany(p => p.Ops).ToArray();
        choices[2] = (choices[2] + 3) % 8;
        Architecture other = ((NatsSpace)space).FromChoices(choices);
        Assert.True(MaxDifference(supernet.ForwardFeatures(images, other).narrow(1, 0, 8), features.narrow(1, 0, 8)) > 1e-3);
    }

    [Fact]
    public void Sampling_yields_only_valid_architectures_and_distinct_paths()
    {
        var space = Cifar10Space();
        var rng = new SeededRandom(4);
        for (int i = 0; i < 200; i++) Assert.Null(space.Validate(space.SampleArchitecture(rng)));
        Assert.Equal(new[] { 64, 64, 8 }, Enumerable.Range(0, 3).Select(b => space.CandidatePaths(b, Architecture.Parse(string.Join('|', new[] { "00", "00" }.Take(b)))).Count));
        var drawn = space.SampleBlockPaths(2, Architecture.Parse("12|34"), 8, PathSampling.Uniform, rng);
        Assert.Equal(Enumerable.Range(0, 8), drawn.Select(p => p[0]).OrderBy(o => o));
        Assert.NotNull(space.Validate(Architecture.Parse("12|34|8")));
        Assert.NotNull(space.Validate(Architecture.Parse("12|345|6")));
        Assert.Throws<ArgumentException>(() => space.CandidatePaths(1, Architecture.Empty));
    }

    [Fact]
    public void Strict_fair_sets_use_every_width_of_every_layer_exactly_once()
    {
        foreach (var space in new[] { Cifar10Space(), Cifar100Space() })
        {
            Assert.True(space.SupportsStrictFair);
            var rng = new SeededRandom(8);
            var prefix = Architecture.Empty;
            for (int b = 0; b < space.Blocks.Count; b++)
            {
                for (int draw = 0; draw < 20; draw++)
                {
                    var set = space.SampleBlockPaths(b, prefix, 4, PathSampling.StrictFair, rng);
                    Assert.Equal(8, set.Count);
                    for (int l = 0; l < space.Blocks[b].Layers; l++)
                        Assert.Equal(Enumerable.Range(0, 8), set.Select(p => p[l]).OrderBy(o => o));
                }
                prefix = prefix.Append(set0(space, b, prefix));
            }
        }

        static BlockPath set0(ISearchSpace s, int b, Architecture p) => s.CandidatePaths(b, p)[^1];
    }

    [Fact]
    public void Encodings_round_trip_between_paths_widths_and_json()
    {
        var c10 = Cifar10Space();
        var c100 = Cifar100Space();
        Assert.Equal(32768, c10.CountArchitectures());
        Assert.Equal(new[] { 2, 2, 1 }, c10.Blocks.Select(b => b.Layers));
        Assert.Equal(new[] { 2, 1, 2 }, c100.Blocks.Select(b => b.Layers));
        Assert.Equal("resblock 16", c10.Blocks[0].ChoiceNames[1][1]);

        // BossNAS's greedy pick from its released CIFAR-10 ratings ('74', '57', '6').
        Assert.Equal("74|57|6", (((NatsSpace)c10).FromWidthString("64:40:48:64:56")).ToString());
        Assert.Equal("74|5|76", (((NatsSpace)c100).FromWidthString("64:40:48:64:56")).ToString());
        Assert.Equal("74|57|6", c10.NamedArchitectures["bossnas_released_greedy"].ToString());
        var rng = new SeededRandom(6);
        for (int i = 0; i < 50; i++)
        {
            var arch = c10.SampleArchitecture(rng);
            string widths = ((NatsSpace)c10).WidthString(arch);
            Assert.Equal(arch, ((NatsSpace)c10).FromWidthString(widths));
            Assert.Equal(arch, Architecture.Parse(arch.ToString()));
            Assert.Equal(arch, Architecture.FromJson(arch.ToJson()));
        }
        Assert.ThrowsAny<FormatException>(() => ((NatsSpace)c10).FromWidthString("64:40:12:64:56"));
        Assert.Contains("layer 2: cell 40->48", c10.Describe(c10.NamedArchitectures["bossnas_released_greedy"]));
    }

    [Fact]
    public void Cost_of_the_largest_network_matches_a_hand_count()
    {
        var space = Cifar10Space();
        var arch = space.NamedArchitectures["largest"]; // 64:64:64:64:64, 32x32x3, 10 classes
        const double k3 = 64 * 64 * 9, k1 = 64 * 64; // weights of a 3x3 and a 1x1 64->64 conv
        double madds =
            3 * 64 * 9 * 1024          // stem conv3x3 3->64 at 32x32
            + 5 * k3 * 1024            // cell at 32x32: five 3x3 edges (the skip is an identity)
            + (2 * k3 + k1) * 256      // resblock to 16x16: conv_a (stride 2), conv_b, 1x1 residual after the pool
            + 5 * k3 * 256             // cell at 16x16
            + (2 * k3 + k1) * 64       // resblock to 8x8
            + 5 * k3 * 64              // cell at 8x8
            + 64 * 10;                 // classifier
        long parameters =
            1728 + 128                 // stem conv + BN
            + 3 * (5 * 36864 + 5 * 128) // three cells: five convs + five BNs each
            + 2 * (2 * 36864 + 4096 + 2 * 128) // two resblocks: two 3x3 + 1x1 residual + two BNs
            + 128                      // last BN (NATS "lastact")
            + 640 + 10;                // classifier
        Assert.Equal(274399872, madds);
        Assert.Equal(713674, parameters);
        AssertCost(space, arch, new Cost(madds, parameters));
    }

    [Fact]
    public void Cost_of_the_smallest_network_matches_a_hand_count()
    {
        var space = Cifar10Space();
        var arch = space.NamedArchitectures["smallest"]; // 8:8:8:8:8
        const double k3 = 8 * 8 * 9, k1 = 8 * 8;
        double madds =
            3 * 8 * 9 * 1024           // stem
            + 5 * k3 * 1024            // cell at 32x32
            + (2 * k3 + k1) * 256      // resblock to 16x16
            + 5 * k3 * 256             // cell at 16x16
            + (2 * k3 + k1) * 64       // resblock to 8x8
            + 5 * k3 * 64              // cell at 8x8
            + 8 * 10;                  // classifier
        long parameters =
            216 + 16                   // stem conv + BN
            + 3 * (5 * 576 + 5 * 16)   // cells
            + 2 * (2 * 576 + 64 + 2 * 16) // resblocks
            + 16                       // last BN
            + 80 + 10;                 // classifier
        Assert.Equal(4481104, madds);
        Assert.Equal(11714, parameters);
        AssertCost(space, arch, new Cost(madds, parameters));
    }

    [Fact]
    public void Analytic_cost_equals_the_module_counter_when_widths_change()
    {
        var space = Cifar10Space();
        var rng = new SeededRandom(10);
        foreach (var input in new[] { Cifar, new InputShape(1, 28, 28, 100) })
        {
            for (int i = 0; i < 4; i++)
            {
                var arch = space.SampleArchitecture(rng);
                using var net = space.CreateStandalone(arch, input);
                Assert.Equal(ModuleCounter.Count(net, input), space.Cost(arch, input));
            }
        }
        // A cell whose width changes pays for the 1x1 skip: 8:8:16:... vs the hand count of the smallest net.
        var grown = ((NatsSpace)space).FromWidthString("8:8:16:8:8");
        using var grownNet = space.CreateStandalone(grown, Cifar);
        Assert.Equal(ModuleCounter.Count(grownNet, Cifar), space.Cost(grown, Cifar));
    }

    [Fact]
    public void Odd_map_sides_at_a_reduction_are_refused()
    {
        var space = Cifar10Space();
        var e = Assert.Throws<ArgumentException>(() => space.Cost(space.NamedArchitectures["smallest"], new InputShape(3, 30, 30, 10)));
        Assert.Contains("even map sides", e.Message);
    }

    private static void AssertCost(ISearchSpace space, Architecture arch, Cost expected)
    {
        Assert.Equal(expected, space.Cost(arch, Cifar));
        using var net = space.CreateStandalone(arch, Cifar);
        Assert.Equal(expected, ModuleCounter.Count(net, Cifar));
    }
}
