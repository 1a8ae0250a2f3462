using System.Text.Json;
using System.Text.Json.Serialization;

namespace BossNas.Cli.Json;

/// <summary>
/// How a command's <c>--json</c> document is written: one indented document on stdout, snake_case names as in the
/// run folder's JSON files, absent values left out, NaN (a correlation over a constant sample) as the string <c>"NaN"</c>.
/// </summary>
internal static class CliJson
{
    /// <summary>The serializer options every command's document is written with (tests read the documents back with them).</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // Architectures such as 01|10 and arrows in descriptions stay readable rather than \u-escaped.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Writes <paramref name="document"/> to stdout.</summary>
    /// <typeparam name="T">The command's record type.</typeparam>
    public static void Print<T>(T document) => Console.Out.WriteLine(JsonSerializer.Serialize(document, Options));
}
