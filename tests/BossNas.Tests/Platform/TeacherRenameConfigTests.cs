using BossNas.Engine.Config;
using BossNas.Engine.Import;

namespace BossNas.Tests.Platform;

/// <summary>
/// <c>[teacher] rename</c>: a table of prefix renames bound strictly (strings only, no empty prefix, only with a PyTorch
/// file in <c>from</c>), left out of the resolved config when empty so existing DNA configs keep their hash; the rules
/// rename by the longest matching prefix whatever their order.
/// </summary>
public sealed class TeacherRenameConfigTests
{
    private static string Config(string teacher) => $"""
        [pipeline]
        phases = ["teacher", "supernet", "search", "report"]

        [teacher]
        {teacher}

        [search_space]
        plugin = "mbconv"

        [supervision]
        plugin = "dna"

        [evaluator]
        plugin = "dna_loss"

        [searcher]
        plugin = "dna_budgeted"
        """;

    private static RunConfig Parse(string teacher) => RunConfig.Parse(Config(teacher), "c.toml", TestPlugins.Host);

    [Fact]
    public void Renames_bind_as_a_table_and_are_written_to_the_resolved_config_only_when_given()
    {
        var plain = Parse("from = \"teacher.pth\"");
        Assert.Empty(plain.Teacher.Rename);
        Assert.DoesNotContain("rename", plain.ToResolvedToml());

        var renamed = Parse("from = \"teacher.pth\"\nrename = { \"module.\" = \"\", \"backbone.\" = \"blocks.\" }");
        Assert.Equal(new Dictionary<string, string> { ["module."] = "", ["backbone."] = "blocks." }, renamed.Teacher.Rename);
        Assert.Contains("rename", renamed.ToResolvedToml());
        Assert.NotEqual(plain.Hash(), renamed.Hash());
    }

    [Theory]
    [InlineData("from = \"t.pth\"\nrename = { \"module.\" = 3 }", "teacher.rename: key \"module.\": expected a string, got the integer 3", 6)]
    [InlineData("from = \"t.pth\"\nrename = { \"\" = \"x.\" }", "teacher.rename: a rename rule needs a prefix to replace", 6)]
    [InlineData("from = \"runs/teacher\"\nrename = { \"module.\" = \"\" }", "teacher.rename: renames apply to a PyTorch weights file", 6)]
    [InlineData("rename = [\"module.\"]", "teacher.rename: expected table of strings, got an array", 5)]
    public void A_bad_rename_is_an_error_at_its_key(string teacher, string message, int line)
    {
        var e = Assert.Throws<ConfigException>(() => Parse(teacher));
        var error = Assert.Single(e.Errors);
        Assert.Contains(message, error.Message);
        Assert.Equal(line, error.Line);
    }

    [Fact]
    public void The_longest_matching_prefix_renames_whatever_the_rules_order()
    {
        var map = NameMap.Parse(["module.=", "module.backbone.=blocks."]);
        Assert.Equal("blocks.0.weight", map.Apply("module.backbone.0.weight"));
        Assert.Equal("head.weight", map.Apply("module.head.weight"));
        Assert.Equal("other.weight", map.Apply("other.weight"));
        Assert.Throws<FormatException>(() => NameMap.Parse(["module."]));
    }
}
