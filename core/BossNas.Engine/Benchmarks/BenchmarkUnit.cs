using System.Text.Json;
using System.Text.Json.Serialization;

namespace BossNas.Engine.Benchmarks;

/// <summary>One unit of benchmark work: one architecture trained from scratch with one seed.</summary>
/// <param name="Architecture">The encoding.</param>
/// <param name="Seed">The recipe's seed for this training.</param>
public sealed record BenchmarkUnit(string Architecture, long Seed)
{
    /// <summary>The unit's run folder name: the encoding with path separators made file-safe, and the seed.</summary>
    public string FolderName => $"{Architecture.Replace('|', '-').Replace(':', '_')}-seed{Seed}";
}

/// <summary>What a finished unit wrote to <c>result.json</c> in its run folder.</summary>
public sealed class BenchmarkUnitResult
{
    /// <summary>The encoding.</summary>
    public string Architecture { get; set; } = "";

    /// <summary>The seed.</summary>
    public long Seed { get; set; }

    /// <summary>Test accuracy in percent.</summary>
    public double Accuracy { get; set; }

    /// <summary>Wall seconds of the training (data loading included).</summary>
    public double Seconds { get; set; }

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Reads a unit's result, or null when the file is absent.</summary>
    public static BenchmarkUnitResult? Read(string file) =>
        File.Exists(file) ? JsonSerializer.Deserialize<BenchmarkUnitResult>(File.ReadAllText(file), Json) : null;

    /// <summary>Writes the result.</summary>
    public void Write(string file) => File.WriteAllText(file, JsonSerializer.Serialize(this, Json));
}
