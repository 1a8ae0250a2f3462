using System.Text.Json;
using BossNas.Engine.Data;

namespace BossNas.Engine.Runs;

/// <summary>
/// Reads the JSON files bossnas writes (a model's description, a part, a run's architecture, a job list). A damaged file
/// (truncated, empty, edited by hand) is one <see cref="DataFormatException"/> naming the file and the position, which the
/// CLI reports as bad input (exit 2), never a bare JSON error.
/// </summary>
internal static class JsonFiles
{
    /// <summary>The file deserialized as <typeparamref name="T"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file should hold, for the message ("a trained network's description").</param>
    /// <param name="options">Serializer options, or the defaults.</param>
    /// <exception cref="DataFormatException">The file is empty, not JSON, or not of the expected shape.</exception>
    public static T Read<T>(string path, string what, JsonSerializerOptions? options = null)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), options)
                   ?? throw new DataFormatException(path, "it holds null", $"{what} written by bossnas");
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, Where(e), $"{what} written by bossnas");
        }
    }

    /// <summary>The file parsed as a JSON document.</summary>
    /// <exception cref="DataFormatException">The file is empty or not JSON.</exception>
    public static JsonDocument Parse(string path, string what)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, Where(e), $"{what} written by bossnas");
        }
    }

    // JsonException's own message repeats the path ($) and the position in a sentence; keep the position only.
    private static string Where(JsonException e) =>
        e.LineNumber is { } line ? $"not valid JSON at line {line + 1}, byte {(e.BytePositionInLine ?? 0) + 1}" : "not valid JSON";
}
