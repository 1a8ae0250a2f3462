using Tomlyn;
using Tomlyn.Model;

namespace BossNas.Engine.Config;

/// <summary>
/// <c>--set section.key=value</c> overrides. The value is read as exactly one TOML value (<c>lr=0.1</c>,
/// <c>name="x"</c>, <c>paths=["a"]</c>); a bare word that is not TOML is taken as a string. Anything after the value (a
/// newline and another key, trailing text) is an error, never dropped. The result goes through the same binding checks
/// as the file.
/// </summary>
internal static class Overrides
{
    /// <summary>Applies overrides to the document root; malformed ones are added to <paramref name="errors"/>.</summary>
    public static void Apply(TomlDocument doc, IEnumerable<string> overrides, List<ConfigError> errors)
    {
        var root = doc.Root;
        foreach (var o in overrides)
        {
            // Shown on one line: a value may hold a newline.
            var shown = ConfigError.Printable(o);
            int eq = o.IndexOf('=');
            var path = eq > 0 ? o[..eq].Trim() : "";
            var parts = path.Split('.');
            if (eq <= 0 || parts.Length < 2 || parts.Any(string.IsNullOrWhiteSpace))
            {
                errors.Add(new ConfigError("--set", 0, 0, $"'{shown}' is not section.key=value"));
                continue;
            }
            if (ParseValue(o[(eq + 1)..].Trim(), out var value) is { } why)
            {
                errors.Add(new ConfigError($"--set {shown}", 0, 0, $"{path}: {why}"));
                continue;
            }
            var table = root;
            foreach (var part in parts[..^1])
            {
                if (!table.TryGetValue(part, out var next) || next is not TomlTable t)
                {
                    t = new TomlTable();
                    table[part] = t;
                    // A section only the --set creates (e.g. a misspelt one) is that --set's, not the file's.
                    doc.MarkOverridden(table, part, shown);
                }
                table = t;
            }
            table[parts[^1]] = value;
            // An error about this key now names the --set that gave it, not the line the file had for it.
            doc.MarkOverridden(table, parts[^1], shown);
        }
    }

    /// <summary>Reads <paramref name="text"/> as one value; returns why it is not one, or null.</summary>
    private static string? ParseValue(string text, out object value)
    {
        value = text;
        TomlTable? t;
        try
        {
            t = TomlSerializer.Deserialize<TomlTable>($"v = {text}");
        }
        catch (TomlException e)
        {
            // Not TOML: a bare word such as cpu, fashion-mnist or a path is a string. Text that opens a TOML value, or
            // spans lines, is a value gone wrong; taking it as a string would hide the mistake.
            if (IsBareWord(text)) return null;
            return $"'{ConfigError.Printable(text)}' is not one TOML value ({FirstMessage(e)})";
        }
        // "v = x\nk = y" parses as two keys: the rest would be dropped, so it is refused.
        if (t is null || t.Count != 1 || !t.TryGetValue("v", out var v))
            return $"'{ConfigError.Printable(text)}' is not one TOML value (text follows the value; one --set sets one key)";
        value = v;
        return null;
    }

    private static bool IsBareWord(string text) =>
        !text.Any(char.IsControl) && !(text.Length > 0 && text[0] is '"' or '\'' or '[' or '{');

    // Tomlyn's message without its position (which counts the "v = " put in front).
    private static string FirstMessage(TomlException e) =>
        e.Diagnostics is { Count: > 0 } d ? d[0].Message : e.Message.ReplaceLineEndings(" ");
}
