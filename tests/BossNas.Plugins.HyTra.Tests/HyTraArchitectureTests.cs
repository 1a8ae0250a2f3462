using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Engine.Config;
using BossNas.Engine.Plugins;
using BossNas.Tests.Support;

namespace BossNas.Plugins.HyTra.Tests;

/// <summary>Architectures of the HyTra space: validation, round trips, sampling, names, descriptions, options.</summary>
public sealed class HyTraArchitectureTests
{
    [Fact]
    public void String_and_json_round_trips_keep_sampled_architectures()
    {
        var space = HyTraFixture.Create();
        var rng = new SeededRandom(7);
        for (int i = 0; i < 50; i++)
        {
            var arch = space.SampleArchitecture(rng);
            Assert.Null(space.Validate(arch));
            var text = Architecture.Parse(arch.ToString());
            var json = Architecture.FromJson(arch.ToJson());
            Assert.Equal(arch, text);
            Assert.Equal(arch, json);
            Assert.Null(space.Validate(json));
        }
        Assert.Equal("[[5,4,3,3],[3,2,3,0],[0,0,1,0],[0,0,0,0]]", Architecture.Parse("5433|3230|0010|0000").ToJson());
    }

    [Theory]
    [InlineData("5433|3230|0010", "3 blocks")]
    [InlineData("5433|3230|0010|000", "has 3 layers")]
    [InlineData("5433|3230|0410|0000", "op 4 is not offered in block 2")]
    [InlineData("3333|3230|0010|0000", "block 0 must start at level 3 or 2")]
    [InlineData("5333|3230|0010|0000", "level goes from 3 to 1")]
    [InlineData("5453|3230|0010|0000", "level goes from 2 to 3")]
    [InlineData("5433|4444|0010|0000", "does not continue from level 1")]
    [InlineData("5433|1000|2010|0000", "does not continue from level 0")]
    [InlineData("5555|5444|3210|0000", "offers levels 0..2 only")]
    [InlineData("5432|1000|0000|0000|0000", "the space has 4")]
    public void Validate_rejects_invalid_architectures_with_a_reason(string text, string reasonPart)
    {
        var space = HyTraFixture.Create();
        var reason = space.Validate(Architecture.Parse(text));
        Assert.NotNull(reason);
        Assert.Contains(reasonPart, reason);
    }

    [Fact]
    public void Validate_accepts_prefixes_only_when_asked()
    {
        var space = HyTraFixture.Create();
        var prefix = Architecture.Parse("5433|3230");
        Assert.Null(space.Validate(prefix, allowPartial: true));
        Assert.NotNull(space.Validate(prefix));
        Assert.Null(space.Validate(Architecture.Empty, allowPartial: true));
        Assert.Throws<ArgumentException>(() => space.CandidatePaths(1, Architecture.Parse("3333")));
        Assert.Throws<ArgumentException>(() => space.CandidatePaths(2, Architecture.Parse("5433")));
    }

    [Fact]
    public void Uniform_sampling_draws_distinct_valid_candidates_and_strict_fair_is_refused()
    {
        var space = HyTraFixture.Create();
        Assert.False(space.SupportsStrictFair);
        var rng = new SeededRandom(3);
        var prefix = Architecture.Parse("5433");
        var candidates = space.CandidatePaths(1, prefix);
        for (int i = 0; i < 20; i++)
        {
            var drawn = space.SampleBlockPaths(1, prefix, 4, PathSampling.Uniform, rng);
            Assert.Equal(4, drawn.Count);
            Assert.Equal(4, drawn.Distinct().Count());
            Assert.All(drawn, p => Assert.Contains(p, candidates));
            Assert.All(drawn, p => Assert.Null(space.Validate(prefix.Append(p), allowPartial: true)));
        }
        // Asking for more than exist gives each candidate once.
        var everything = space.SampleBlockPaths(3, Architecture.Parse("5433|3230|0000"), 100, PathSampling.Uniform, rng);
        Assert.Equal(16, everything.Count);
        Assert.Equal(16, everything.Distinct().Count());
        Assert.Throws<NotSupportedException>(() => space.SampleBlockPaths(0, Architecture.Empty, 4, PathSampling.StrictFair, rng));
    }

    [Fact]
    public void Sampled_architectures_are_valid_and_cover_the_blocks_candidates()
    {
        var space = HyTraFixture.Create();
        var rng = new SeededRandom(11);
        var firstBlocks = new HashSet<BlockPath>();
        for (int i = 0; i < 400; i++)
        {
            var arch = space.SampleArchitecture(rng);
            Assert.Equal(4, arch.Blocks.Count);
            Assert.Null(space.Validate(arch));
            firstBlocks.Add(arch.Blocks[0]);
        }
        // Fixed seed; 400 uniform draws over 50 candidates miss 50·0.98^400 ≈ 0.02 of them on average.
        Assert.True(firstBlocks.Count >= 45, $"only {firstBlocks.Count} of 50 block-0 candidates drawn");
        Assert.Subset(space.CandidatePaths(0, Architecture.Empty).ToHashSet(), firstBlocks);
    }

    [Fact]
    public void BossNet_t0_is_named_where_the_configuration_can_express_it()
    {
        var space = HyTraFixture.Create();
        Assert.Equal(Architecture.Parse("5433|3230|0010|0000"), space.NamedArchitectures["bossnet_t0"]);
        Assert.Empty(HyTraFixture.Create(("LayersPerBlock", 2)).NamedArchitectures);
        Assert.Empty(HyTraFixture.Create(("Blocks", 3), ("StageDepths", new[] { 4, 3, 2 })).NamedArchitectures);
    }

    [Fact]
    public void Blocks_list_the_ops_each_block_offers()
    {
        var space = HyTraFixture.Create();
        Assert.Equal(4, space.Blocks.Count);
        Assert.All(space.Blocks, b => Assert.Equal(4, b.Layers));
        Assert.Equal(["ResAtt@L0", "ResConv@L0", "ResAtt@L1", "ResConv@L1", "ResConv@L2", "ResConv@L3"], space.Blocks[0].ChoiceNames[0]);
        Assert.Equal(5, space.Blocks[1].ChoiceNames[2].Count);
        Assert.Equal(4, space.Blocks[2].ChoiceNames[3].Count);
        Assert.Equal(4, space.Blocks[3].ChoiceNames[0].Count);
    }

    [Fact]
    public void Describe_names_primitive_level_size_width_and_down_sampling()
    {
        var space = HyTraFixture.Create();
        space.Cost(space.NamedArchitectures["bossnet_t0"], new InputShape(3, 32, 32, 10));
        var lines = space.Describe(space.NamedArchitectures["bossnet_t0"]).Split('\n');
        Assert.Equal(16, lines.Length);
        Assert.Equal("block 0 layer 0: ResConv @ level 3 (32x32, 64 ch), from the stem", lines[0]);
        Assert.Equal("block 0 layer 1: ResConv @ level 2 (16x16, 64 ch), down-sample", lines[1]);
        Assert.Equal("block 0 layer 3: ResConv @ level 1 (8x8, 64 ch)", lines[3]);
        Assert.Equal("block 1 layer 3: ResAtt @ level 0 (4x4, 128 ch), down-sample", lines[7]);
        space.Cost(space.NamedArchitectures["bossnet_t0"], new InputShape(1, 28, 28, 10));
        Assert.StartsWith("block 1 layer 1: ResAtt @ level 1 (7x7, 64 ch)", space.Describe(space.NamedArchitectures["bossnet_t0"]).Split('\n')[5]);
    }

    [Fact]
    public void Options_use_snake_case_keys_and_report_inconsistent_settings()
    {
        var type = Descriptor().Options;
        var keys = OptionsBinder.Properties(type).Keys.ToHashSet();
        Assert.Superset(keys, new HashSet<string> { "levels", "stem", "widths", "stem_channels", "dim_head", "layers_per_block",
            "blocks", "stage_depths", "path_rule", "standalone", "se", "activation", "attention" });

        var bad = new HyTraOptions { Widths = [128, 64, 32], StageDepths = [3, 3, 2, 2] };
        var problems = bad.Validate().ToList();
        Assert.Contains(problems, p => p.Key == "widths" && p.Message.Contains("one width per level"));
        Assert.Contains(problems, p => p.Key == "stage_depths" && p.Message.Contains("stage_depths[0] must be levels"));
        Assert.Empty(new HyTraOptions().Validate());
        Assert.Contains(new HyTraOptions { DimHead = 24 }.Validate(), p => p.Message.Contains("multiple of dim_head"));
        // Through the config binder the same rule is reported at its key.
        var e = Assert.Throws<ConfigException>(() => HyTraFixture.Options(("DimHead", 24)));
        Assert.Contains("multiple of dim_head", e.Message);
        Assert.ThrowsAny<Exception>(() => HyTraFixture.Create(("Widths", new[] { 128, 64 })));
    }

    private static ComponentDescriptor Descriptor() =>
        TestPlugins.Host.Find(ComponentKind.SearchSpace, "hytra")!;
}
