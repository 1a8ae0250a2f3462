using System.Text.Json;
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
}
