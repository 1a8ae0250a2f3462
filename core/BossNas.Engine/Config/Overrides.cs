using Tomlyn;
using Tomlyn.Model;

namespace BossNas.Engine.Config;

/// <summary>
/// <c>--set section.key=value</c> overrides. The value is read as a TOML value (<c>lr=0.1</c>,
/// <c>name="x"</c>, <c>paths=["a"]</c>); a bare word that is not TOML is taken as a string. The result goes
/// through the same binding checks as the file.
/// </summary>
internal static class Overrides
{
    /// <summary>Applies overrides to the document root; malformed ones are added to <paramref name="errors"/>.</summary>
    public static void Apply(TomlDocument doc, IEnumerable<string> overrides, List<ConfigError> errors)
    {
        var root = doc.Root;
        foreach (var o in overrides)
        {
            int eq = o.IndexOf('=');
            var path = eq > 0 ? o[..eq].Trim() : "";
            var parts = path.Split('.');
            if (eq <= 0 || parts.Length < 2 || parts.Any(string.IsNullOrWhiteSpace))
            {
                errors.Add(new ConfigError("--set", 0, 0, $"'{o}' is not section.key=value"));
                continue;
            }
            var value = ParseValue(o[(eq + 1)..].Trim());
            var table = root;
            foreach (var part in parts[..^1])
            {
                if (!table.TryGetValue(part, out var next) || next is not TomlTable t)
                {
                    t = new TomlTable();
                    table[part] = t;
                }
                table = t;
            }
            table[parts[^1]] = value;
            // An error about this key now names the --set that gave it, not the line the file had for it.
            doc.MarkOverridden(table, parts[^1], o);
        }
    }

    private static object ParseValue(string text)
    {
        try
        {
            var t = TomlSerializer.Deserialize<TomlTable>($"v = {text}");
            if (t is not null && t.TryGetValue("v", out var v)) return v;
        }
        catch (TomlException)
        {
            // Not a TOML value: a bare word such as cpu or fashion-mnist.
        }
        return text;
    }
}
