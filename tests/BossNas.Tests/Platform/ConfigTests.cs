using BossNas.Core.Components;
using BossNas.Engine.Config;
using BossNas.Tests.Support;

namespace BossNas.Tests.Platform;

/// <summary>The strict config binder: every problem at its file position, all at once.</summary>
public sealed class ConfigTests
{
    private const string Bad = """
        [run]
        seed = 1
        nmae = "x"

        [data]
        batch_size = "large"

        [train]
        lr = 0.1

        [search_space]
        plugin = "hytraa"

        [supervision]
        plugin = "nope"

        [searcher]
        plugin = "random"

        [evaluator]
        plugin = "nope"
        """;

    [Fact]
    public void Misspelt_key_wrong_type_and_unknown_plugin_are_all_reported_with_positions()
    {
        var e = Assert.Throws<ConfigException>(() => RunConfig.Parse(Bad, "bad.toml", TestPlugins.Host));
        var lines = e.Errors.Select(x => x.ToString()).ToList();

        Assert.Contains(lines, l => l.StartsWith("bad.toml:3:1: unknown key 'nmae' in [run] (did you mean 'name'?)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("bad.toml:6:1: data.batch_size: expected integer, got the string \"large\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("bad.toml:12:1: search_space.plugin: unknown search_space plugin 'hytraa'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("bad.toml:15:1: supervision.plugin:", StringComparison.Ordinal));
    }

    [Fact]
    public void Out_of_range_values_and_unknown_sections_are_errors()
    {
        var text = """
            [run]
            device = "gpu"
            [data]
            val_fraction = 1.5
            [trian]
            lr = 1
            """;
        var e = Assert.Throws<ConfigException>(() => RunConfig.Parse(text, "c.toml", TestPlugins.Host));
        var lines = e.Errors.Select(x => x.ToString()).ToList();
        Assert.Contains(lines, l => l.StartsWith("c.toml:2:1: run.device: 'gpu' is not one of auto, cpu, cuda", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("c.toml:4:1: data.val_fraction: 1.5 is out of range [0, 0.9]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("c.toml:5:", StringComparison.Ordinal) && l.Contains("did you mean 'train'"));
    }

    [Fact]
    public void An_unknown_section_given_by_a_set_is_blamed_on_that_set()
    {
        var e = Assert.Throws<ConfigException>(() => RunConfig.Parse("[run]\nseed = 1\n", "u.toml", TestPlugins.Host,
            new[] { "trian.lr=0.1" }));
        var error = Assert.Single(e.Errors, x => x.Message.Contains("[trian]", StringComparison.Ordinal)).ToString();
        Assert.StartsWith("--set trian.lr=0.1: unknown section [trian]", error);
        Assert.Contains("did you mean 'train'", error);
    }

    [Fact]
    public void Syntax_errors_carry_line_and_column()
    {
        var e = Assert.Throws<ConfigException>(() => RunConfig.Parse("[run]\nseed = = 3\n", "s.toml", TestPlugins.Host));
        Assert.StartsWith("s.toml:2:8:", e.Errors[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Set_overrides_go_through_the_same_checks()
    {
        var e = Assert.Throws<ConfigException>(() => RunConfig.Parse("[run]\nseed = 1\n", "o.toml", TestPlugins.Host,
            new[] { "run.seed=\"abc\"", "run.nmae=x", "broken" }));
        var text = string.Join("\n", e.Errors);
        Assert.Contains("run.seed: expected integer, got the string \"abc\"", text);
        Assert.Contains("unknown key 'nmae'", text);
        Assert.Contains("'broken' is not section.key=value", text);
        // A --set of a key the file has points at the --set, not at the file's line for the key.
        Assert.Contains(e.Errors, x => x.ToString().StartsWith("--set run.seed=\"abc\": run.seed: expected integer", StringComparison.Ordinal));
        Assert.DoesNotContain(e.Errors, x => x.ToString().StartsWith("o.toml:2:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("run.name=\"a\"\nseed=3")]
    [InlineData("run.name=\"a\"\r\n[train]\nlr=1")]
    [InlineData("run.name=\"a\" seed")]
    [InlineData("run.name=\"a")]
    [InlineData("pipeline.phases=[\"supernet\"")]
    public void A_set_value_that_is_not_exactly_one_toml_value_is_an_error_at_the_set(string set)
    {
        var smoke = Path.Combine(AppContext.BaseDirectory, "configs", "smoke", "nats.toml");
        var e = Assert.Throws<ConfigException>(() => RunConfig.Load(smoke, [set], TestPlugins.Host));
        var error = Assert.Single(e.Errors);
        Assert.Equal(0, error.Line);
        Assert.Equal("--set " + set.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal), error.Source); // the --set, not the file
        Assert.Contains("is not one TOML value", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.ToString()); // the newline is shown escaped: one error, one line
    }

    [Fact]
    public void A_set_value_is_read_as_one_toml_value_or_a_bare_word()
    {
        var smoke = Path.Combine(AppContext.BaseDirectory, "configs", "smoke", "nats.toml");
        RunConfig Load(params string[] sets) => RunConfig.Load(smoke, sets, TestPlugins.Host);
        Assert.Equal("a", Load("run.name=\"a\"  # why").Run.Name);
        Assert.Equal("cpu", Load("run.device=cpu").Run.Device);
        Assert.Equal(["supernet", "search", "report"], Load("pipeline.phases=[\n  \"supernet\",\n  \"search\",\n  \"report\",\n]").Pipeline.Phases);
    }

    [Fact]
    public void Options_bind_with_snake_case_and_defaults_fill_in()
    {
        var errors = new List<ConfigError>();
        var doc = TomlDocument.Parse("weight_decay = 0.01\nnesterov = true\noptimizer = \"sgd\"\n", "t.toml");
        var train = (TrainSection)OptionsBinder.Bind(typeof(TrainSection), doc.Root, doc, "train", errors);
        Assert.Empty(errors);
        Assert.Equal(0.01, train.WeightDecay);
        Assert.True(train.Nesterov);
        Assert.Equal(0.1, train.Lr); // default kept
        Assert.Equal("weight_decay", Names.SnakeCase("WeightDecay"));
        Assert.Equal("max_madds", Names.SnakeCase("MaxMAdds"));
    }

    [Fact]
    public void Cross_field_rules_are_reported_at_the_key()
    {
        var errors = new List<ConfigError>();
        var doc = TomlDocument.Parse("lr = 0.1\nmin_lr = 0.5\n", "x.toml");
        OptionsBinder.Bind(typeof(TrainSection), doc.Root, doc, "train", errors);
        Assert.Contains(errors, e => e.ToString().StartsWith("x.toml:2:1: train.min_lr: min_lr 0.5 is above lr 0.1", StringComparison.Ordinal));
    }

    [Fact]
    public void Plugin_folders_are_absolute_in_the_resolved_config_and_set_overrides_count()
    {
        using var temp = new TempFolder();
        var path = temp.File("c.toml");
        File.WriteAllText(path, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", "smoke", "nats.toml"))
                                + "\n[plugins]\npaths = [\"my-plugins\"]\n");
        var config = RunConfig.Load(path, Array.Empty<string>(), TestPlugins.Host);
        Assert.Equal(temp.File("my-plugins"), Assert.Single(config.Plugins.Paths));
        Assert.Contains(temp.File("my-plugins"), config.ToResolvedToml());
        Assert.Equal(new[] { temp.File("other") }, RunConfig.PluginPathsOf(path, new[] { "plugins.paths=[\"other\"]" }));
        Assert.Equal(new[] { temp.File("my-plugins") }, RunConfig.PluginPathsOf(path));
    }
}
