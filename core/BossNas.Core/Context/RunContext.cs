using NLog;
using TorchSharp;

namespace BossNas.Core.Context;

/// <summary>
/// What every component gets from the host during a run: the device, the seeded random streams, the logger,
/// the metrics sink, the run folder and the cancellation of a Ctrl-C.
/// </summary>
public sealed class RunContext
{
    /// <summary>Creates a context.</summary>
    public RunContext(torch.Device device, RngStreams rng, ILogger log, IMetricsSink metrics, string runFolder,
        CancellationToken cancel = default)
    {
        Device = device;
        Rng = rng;
        Log = log;
        Metrics = metrics;
        RunFolder = runFolder;
        Cancel = cancel;
    }

    /// <summary>The device tensors and modules live on.</summary>
    public torch.Device Device { get; }

    /// <summary>Named random streams; use <c>Rng["sampling"]</c> for path sampling.</summary>
    public RngStreams Rng { get; }

    /// <summary>The run's logger (console and <c>log.txt</c>).</summary>
    public ILogger Log { get; }

    /// <summary>The run's metrics sink (<c>metrics.jsonl</c>).</summary>
    public IMetricsSink Metrics { get; }

    /// <summary>The run folder; components may write files below it.</summary>
    public string RunFolder { get; }

    /// <summary>Signalled when the user asks the run to stop.</summary>
    public CancellationToken Cancel { get; }

    /// <summary>A context for tests and tools: CPU, given seed, no metrics, a temp folder.</summary>
    public static RunContext ForTests(long seed = 0, string? folder = null) =>
        new(torch.CPU, new RngStreams(seed), LogManager.GetLogger("test"), NullMetricsSink.Instance,
            folder ?? Path.Combine(Path.GetTempPath(), "bossnas-test"));
}
