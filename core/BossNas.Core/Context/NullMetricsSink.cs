namespace BossNas.Core.Context;

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
