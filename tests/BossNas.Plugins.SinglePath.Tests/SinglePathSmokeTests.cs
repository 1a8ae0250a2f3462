using System.Text.Json;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Config;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Runs;
using BossNas.Tests.Support;

namespace BossNas.Plugins.SinglePath.Tests;

/// <summary>The smoke profiles of SPOS, BN-NAS and BigNAS (configs/smoke/mbconv_*.toml) run end to end through the host.</summary>
[Collection("Torch")]
public sealed class SinglePathSmokeTests
{
    [Theory]
    [InlineData("mbconv_spos", "retrain")]
    [InlineData("mbconv_bnnas", "retrain")]
    [InlineData("mbconv_bignas", "inherit")]
    public void The_smoke_profile_finds_an_architecture_tests_it_and_its_control_and_reports_the_generations(string profile, string tested)
    {
        using var temp = new TempFolder();
        var config = Path.Combine(AppContext.BaseDirectory, "configs", "smoke", $"{profile}.toml");
        var (outcome, folder) = RunLauncher.Launch(config, new[] { $"run.output=\"{temp.File("runs")}\"" }, TestPlugins.Host,
            new RunLauncher.Options(false, false, false), CancellationToken.None);
        Assert.Equal(PhaseRunner.Outcome.Finished, outcome);
        var tests = MetricsWriter.Read(folder.File("metrics.jsonl"), "test").Select(r => r.GetProperty("phase").GetString()).ToList();
        Assert.Contains(tested, tests);
        Assert.Contains("control", tests);
        Assert.Equal(3, MetricsWriter.Read(folder.File("metrics.jsonl"), "generation").Count);
        var report = File.ReadAllText(folder.File("report.md"));
        Assert.Contains("## Search: 3 generations", report);
        Assert.True(File.Exists(folder.File("generations.png")));
        var found = JsonDocument.Parse(File.ReadAllText(folder.File("architecture.json"))).RootElement.GetProperty("architecture").GetString();
        Assert.Contains($"`{found}`", report);
    }

    [Fact]
    public void The_elastic_bignas_profile_tests_max_min_and_the_found_architecture_with_inherited_weights()
    {
        using var temp = new TempFolder();
        var config = Path.Combine(AppContext.BaseDirectory, "configs", "smoke", "elastic_bignas.toml");
        var (outcome, folder) = RunLauncher.Launch(config, new[] { $"run.output=\"{temp.File("runs")}\"" }, TestPlugins.Host,
            new RunLauncher.Options(false, false, false), CancellationToken.None);
        Assert.Equal(PhaseRunner.Outcome.Finished, outcome);
        var space = BossNas.Engine.ComponentSet.Create(RunConfig.Parse(File.ReadAllText(config), config, TestPlugins.Host), TestPlugins.Host).Space;
        var input = new BossNas.Core.Architectures.InputShape(1, 16, 16, 4);
        var tests = MetricsWriter.Read(folder.File("metrics.jsonl"), "test")
            .ToDictionary(r => r.GetProperty("phase").GetString()!, r => (Arch: r.GetProperty("architecture").GetString(), Acc: r.GetProperty("test_accuracy").GetDouble()));
        Assert.Equal(space.Largest(input).ToString(), tests["largest"].Arch);
        Assert.Equal(space.Smallest(input).ToString(), tests["smallest"].Arch);
        Assert.NotEqual(tests["largest"].Arch, tests["smallest"].Arch);
        Assert.Contains("inherit", tests.Keys);
        Assert.Contains("control", tests.Keys);
        var results = RunState.FromJson(File.ReadAllText(folder.File("state.json"))).Results;
        Assert.Equal(tests["largest"].Acc, results.Largest!.Value, 12);
        Assert.Equal(tests["smallest"].Acc, results.Smallest!.Value, 12);
        var report = File.ReadAllText(folder.File("report.md"));
        Assert.Contains($"| largest (MAX), inherited weights | `{tests["largest"].Arch!.Replace("|", "\\|")}`", report);
        Assert.Contains($"| smallest (MIN), inherited weights | `{tests["smallest"].Arch!.Replace("|", "\\|")}`", report);
        Assert.Contains("coarse_to_fine", report);
    }

    [Fact]
    public void Validate_refuses_bn_nas_on_the_elastic_space_and_inherit_extremes_without_the_inherit_phase()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "configs", "smoke", "elastic_bignas.toml");
        var text = File.ReadAllText(path);
        int from = text.IndexOf("[supervision]", StringComparison.Ordinal), to = text.IndexOf("[searcher]", StringComparison.Ordinal);
        var bnNas = text[..from] + "[supervision]\nplugin = \"bn_nas\"\n\n" + text[to..];
        var e = Assert.Throws<ConfigException>(() => Check(bnNas));
        Assert.Contains("cannot train search_space 'elastic_mbconv'", e.Message);
        Assert.Contains("slices one BatchNorm", e.Message);
        int line = bnNas[..bnNas.IndexOf("plugin = \"bn_nas\"", StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        Assert.Contains($":{line}:", e.Message);
        e = Assert.Throws<ConfigException>(() => Check(text, "pipeline.phases=[\"supernet\", \"search\", \"control\", \"report\"]"));
        Assert.Contains("inherit_extremes", e.Message);
    }

    private static void Check(string text, params string[] overrides) =>
        BossNas.Engine.ComponentSet.Create(RunConfig.Parse(text, "elastic_bignas.toml", TestPlugins.Host, overrides), TestPlugins.Host);
}
