namespace BossNas.Core.Run;

/// <summary>
/// Where components write numbers: one JSON object per record in the run folder's <c>metrics.jsonl</c>.
/// </summary>
public interface IMetricsSink
{
    /// <summary>Writes one record of <paramref name="kind"/> ("step", "epoch", "rating", ...) with its fields.</summary>
    void Write(string kind, IReadOnlyDictionary<string, object?> fields);
}

/// <summary>A sink that drops everything (tests, dry runs).</summary>
public sealed class NullMetricsSink : IMetricsSink
{
    /// <summary>The shared instance.</summary>
    public static NullMetricsSink Instance { get; } = new();

    /// <inheritdoc />
    public void Write(string kind, IReadOnlyDictionary<string, object?> fields)
    {
    }
}
