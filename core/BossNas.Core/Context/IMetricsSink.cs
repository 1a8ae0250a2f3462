namespace BossNas.Core.Context;

/// <summary>
/// Where components write numbers: one JSON object per record in the run folder's <c>metrics.jsonl</c>.
/// </summary>
public interface IMetricsSink
{
    /// <summary>Writes one record of <paramref name="kind"/> ("step", "epoch", "rating", ...) with its fields.</summary>
    void Write(string kind, IReadOnlyDictionary<string, object?> fields);
}
