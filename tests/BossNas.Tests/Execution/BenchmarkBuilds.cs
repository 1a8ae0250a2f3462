using BossNas.Engine.Benchmarks;
using BossNas.Tests.Support;

namespace BossNas.Tests.Execution;

/// <summary>A small benchmark (5 architectures, 2 repeated) built in this process and again with another executor.</summary>
internal static class BenchmarkBuilds
{
    /// <summary>
    /// Builds the smoke benchmark in-process and with <paramref name="executorSets"/>; returns both tables' deterministic
    /// columns, the units done by the second build, its report lines and its folder.
    /// </summary>
    public static (string[] Local, string[] Other, int Done, List<string> Lines, string Folder) LocalAndWith(TempFolder temp,
        params string[] executorSets)
    {
        var recipe = Path.Combine(AppContext.BaseDirectory, "configs", "smoke", "nats.toml");
        string[] Accuracies(string folder) =>
            File.ReadAllLines(Path.Combine(folder, "benchmark.csv")).Select(l => string.Join(',', l.Split(',').Take(6))).ToArray();
        var sets = new List<string> { $"run.output=\"{temp.File("unused")}\"", "run.threads=1" };
        var local = new BenchmarkBuilder(recipe, sets, temp.File("local"), TestPlugins.Host);
        Assert.NotNull(local.Build(local.Plan(5, 2), CancellationToken.None));

        var lines = new List<string>();
        var other = new BenchmarkBuilder(recipe, sets.Concat(executorSets).ToList(), temp.File("other"), TestPlugins.Host) { Report = lines.Add };
        var built = other.Build(other.Plan(5, 2), CancellationToken.None);
        Assert.NotNull(built);
        return (Accuracies(temp.File("local")), Accuracies(temp.File("other")), built.Value.Done, lines, temp.File("other"));
    }
}
