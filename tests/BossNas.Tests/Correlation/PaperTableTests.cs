using BossNas.Engine.Correlation;
using Xunit;
using Xunit.Abstractions;

namespace BossNas.Tests.Correlation;

/// <summary>Reproduces the ranking-correlation table of the BossNAS paper from its released path ratings.</summary>
public sealed class PaperTableTests(ITestOutputHelper output)
{
    private const string DataVariable = "BOSSNAS_RANKING_DATA";

    [Fact]
    public void MbconvOnImageNetMatchesPaper() =>
        AssertTable("mbconv", "ranking_mbconv", "mbconv_23archs_imagenet_top1.json", 23, -0.6468, -0.7771, -0.8470);

    [Fact]
    public void NatsSizeOnCifar10MatchesPaper() =>
        AssertTable("nats", "ranking_nats", "nats_cifar10_acc_rank.yml", 32768, -0.5342, -0.7341, -0.7181);

    private void AssertTable(string space, string folder, string truthFile, int n, double tau, double rho, double r)
    {
        string? data = LocateData();
        if (data is null)
        {
            // xunit 2 cannot skip at run time; say loudly why nothing was checked instead of passing silently.
            output.WriteLine($"NOT CHECKED: no shared/data/bossnas_ranking above {AppContext.BaseDirectory} and {DataVariable} unset.");
            return;
        }

        var result = ArchitectureScorer.Correlate(
            Support.TestPlugins.Host.CreateDefault<BossNas.Core.Spaces.ISearchSpace>(BossNas.Core.Components.ComponentKind.SearchSpace, space), Path.Combine(data, folder, "path_rank"), Path.Combine(data, folder, truthFile));
        output.WriteLine(FormattableString.Invariant(
            $"{space}: {result} (unrounded {result.KendallTauB:R} {result.SpearmanRho:R} {result.PearsonR:R})"));

        // Signed: accuracy against a loss-based score correlates negatively; the paper prints the magnitudes.
        Assert.Equal(n, result.N);
        Assert.Equal(tau, Math.Round(result.KendallTauB, 4));
        Assert.Equal(rho, Math.Round(result.SpearmanRho, 4));
        Assert.Equal(r, Math.Round(result.PearsonR, 4));
    }

    /// <summary>The data folder: from the environment, else <c>shared/data/bossnas_ranking</c> beside an ancestor (X/main next to X/shared).</summary>
    private static string? LocateData()
    {
        string? configured = Environment.GetEnvironmentVariable(DataVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            // An explicit location that does not exist is a configuration error, not a reason to skip.
            Assert.True(Directory.Exists(configured), $"{DataVariable}={configured} does not exist.");
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "data", "bossnas_ranking");
            if (Directory.Exists(candidate)) return candidate;
        }

        return null;
    }
}
