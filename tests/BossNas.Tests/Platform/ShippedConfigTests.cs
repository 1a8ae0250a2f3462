using BossNas.Engine;
using BossNas.Engine.Compare;
using BossNas.Engine.Config;
using BossNas.Tests.Support;

namespace BossNas.Tests.Platform;

/// <summary>Every config the repository ships binds and its components fit together.</summary>
public sealed class ShippedConfigTests
{
    public static IEnumerable<object[]> Configs() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "configs"), "*.toml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).Select(f => new object[] { Path.GetRelativePath(AppContext.BaseDirectory, f) });

    [Theory]
    [MemberData(nameof(Configs))]
    public void Shipped_config_validates(string relativePath)
    {
        var path = Path.Combine(AppContext.BaseDirectory, relativePath);
        if (CompareConfig.IsCompareConfig(path))
        {
            // Binds every arm and checks its combination.
            var compare = CompareConfig.Load(path, [], TestPlugins.Host);
            Assert.NotEmpty(compare.ArmNames);
            return;
        }
        var use = RunConfig.IntendedUse(path);
        var config = RunConfig.Load(path, Array.Empty<string>(), TestPlugins.Host, use);
        var set = ComponentSet.Create(config, TestPlugins.Host);
        if (use == ConfigUse.Run && set.StrategyOrNull is { } strategy) Assert.NotEmpty(strategy.PlanStages(set.Space));
        else Assert.NotEmpty(set.Space.Blocks);
        Assert.Equal(64, config.Hash().Length);
    }

    [Fact]
    public void The_main_configs_are_shipped()
    {
        var names = Configs().Select(c => Path.GetFileName((string)c[0])).ToHashSet();
        Assert.Subset(names, new HashSet<string>
        {
            "hytra_boss.toml", "nats_boss.toml", "mbconv_boss.toml", "train_fashion.toml", "hytra.toml", "nats.toml", "mbconv.toml",
            "mbconv_spos.toml", "mbconv_bnnas.toml", "mbconv_bignas.toml", "mbconv_dna.toml", "dna.toml",
        });
    }
}
