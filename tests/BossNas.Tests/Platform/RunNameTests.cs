using BossNas.Engine.Compare;
using BossNas.Engine.Config;
using BossNas.Engine.Runs;
using BossNas.Tests.Support;

namespace BossNas.Tests.Platform;

/// <summary>
/// One rule for names that become folders (<c>FolderName</c>): a run name and a compare arm that break it are
/// config errors at their own position, never folders with the characters swapped for others.
/// </summary>
public sealed class RunNameTests
{
    private static string Smoke(string name) => Path.Combine(AppContext.BaseDirectory, "configs", "smoke", name);

    // TOML basic-string bodies: a pipe, a quote, a tab, a newline, a slash, a space, a leading dot, nothing.
    public static TheoryData<string> BadNames => new() { "a|b", "a\\\"b", "a\\tb", "a\\nb", "a/b", "a b", ".hidden", "" };

    [Theory]
    [MemberData(nameof(BadNames))]
    public void A_run_name_outside_the_rule_is_an_error_at_its_line(string toml)
    {
        using var temp = new TempFolder();
        var path = temp.File("named.toml");
        var text = File.ReadAllText(Smoke("nats.toml"));
        Assert.Contains("\nname = \"smoke-nats\"\n", text);
        File.WriteAllText(path, text.Replace("\nname = \"smoke-nats\"\n", $"\nname = \"{toml}\"\n", StringComparison.Ordinal));
        int line = Array.IndexOf(File.ReadAllLines(path), $"name = \"{toml}\"") + 1;

        var e = Assert.Throws<ConfigException>(() => RunConfig.Load(path, [], TestPlugins.Host));

        var error = Assert.Single(e.Errors);
        Assert.Equal((path, line), (error.Source, error.Line));
        Assert.Contains("run.name: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("is not a folder name", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.ToString()); // one line however odd the name
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public void A_run_name_set_outside_the_rule_is_an_error_at_the_set(string toml)
    {
        var set = $"run.name=\"{toml}\"";
        var e = Assert.Throws<ConfigException>(() => RunConfig.Load(Smoke("nats.toml"), [set], TestPlugins.Host));
        var error = Assert.Single(e.Errors);
        Assert.Equal($"--set {set}", error.Source);
        Assert.Contains("is not a folder name", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nats-boss")]
    [InlineData("Run_2.b")]
    public void Names_inside_the_rule_are_the_run_folder_as_written(string name)
    {
        using var temp = new TempFolder();
        var config = RunConfig.Load(Smoke("nats.toml"), [$"run.name=\"{name}\""], TestPlugins.Host);
        var folder = RunFolder.Create(temp.Path, config.Run.Name, config.ToResolvedToml(), config.Hash());
        Assert.Equal(Path.Combine(temp.Path, name), Path.GetDirectoryName(folder.Path));
    }

    [Fact]
    public void A_run_folder_is_never_made_for_a_name_outside_the_rule()
    {
        using var temp = new TempFolder();
        Assert.Throws<ArgumentException>(() => RunFolder.Create(temp.Path, "a|b", "", "hash"));
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Theory]
    [InlineData("a|b")]
    [InlineData("a b")]
    [InlineData(".arm")]
    public void A_compare_arm_outside_the_rule_is_an_error_at_its_table(string arm)
    {
        using var temp = new TempFolder();
        var path = temp.File("compare.toml");
        var header = $"[arms.\"{arm}\".supervision]";
        File.WriteAllText(path, File.ReadAllText(Smoke("compare.toml")) + $"\n{header}\nplugin = \"spos\"\n");
        int line = Array.IndexOf(File.ReadAllLines(path), header) + 1;

        var e = Assert.Throws<ConfigException>(() => CompareConfig.Load(path, [], TestPlugins.Host));

        var error = Assert.Single(e.Errors, x => x.Message.Contains($"'{arm}' is not a folder name", StringComparison.Ordinal));
        Assert.Equal((path, line), (error.Source, error.Line));
    }
}
