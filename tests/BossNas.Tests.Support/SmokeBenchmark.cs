using BossNas.Engine.Benchmarks;

namespace BossNas.Tests.Support;

/// <summary>
/// A class fixture: a small ground-truth benchmark of the smoke NATS space (configs/smoke/nats.toml), built once by the
/// benchmark builder for the tests that rate or compare against one.
/// </summary>
public sealed class SmokeBenchmark : IDisposable
{
    private readonly TempFolder _temp = new();

    public SmokeBenchmark()
    {
        var builder = new BenchmarkBuilder(Path.Combine(AppContext.BaseDirectory, "configs", "smoke", "nats.toml"),
            [$"run.output=\"{_temp.File("unused")}\""], _temp.File("bench"), TestPlugins.Host);
        builder.Build(builder.Plan(8, 2), CancellationToken.None);
        Csv = _temp.File("bench/benchmark.csv");
    }

    /// <summary>The benchmark's table.</summary>
    public string Csv { get; }

    public void Dispose() => _temp.Dispose();
}
