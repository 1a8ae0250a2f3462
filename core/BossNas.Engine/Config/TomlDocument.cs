using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Serialization;

namespace BossNas.Engine.Config;

/// <summary>A parsed TOML file with the source position of every key, for error messages.</summary>
internal sealed class TomlDocument
{
    private readonly TomlMetadataStore _metadata;

    private TomlDocument(string source, TomlTable root, TomlMetadataStore metadata)
    {
        Source = source;
        Root = root;
        _metadata = metadata;
    }

    /// <summary>The file name used in error messages.</summary>
    public string Source { get; }

    /// <summary>The document's root table.</summary>
    public TomlTable Root { get; }

    /// <summary>Parses TOML text; syntax errors become <see cref="ConfigException"/> with positions.</summary>
    public static TomlDocument Parse(string text, string source)
    {
        var store = new TomlMetadataStore();
        var options = new TomlSerializerOptions
        {
            SourceName = source,
            MetadataStore = store,
            DuplicateKeyHandling = TomlDuplicateKeyHandling.Error,
        };
        try
        {
            var root = TomlSerializer.Deserialize<TomlTable>(text, options)
                       ?? throw new ConfigException([new ConfigError(source, 0, 0, "empty document")]);
            return new TomlDocument(source, root, store);
        }
        catch (TomlException e)
        {
            var errors = new List<ConfigError>();
            if (e.Diagnostics is { Count: > 0 } diags)
            {
                foreach (var d in diags)
                    errors.Add(new ConfigError(source, d.Span.Start.Line + 1, d.Span.Start.Column + 1, d.Message));
            }
            else
            {
                errors.Add(new ConfigError(source, e.Line ?? 0, e.Column ?? 0, StripPosition(e.Message)));
            }
            throw new ConfigException(errors);
        }
    }

    /// <summary>The same source and key positions over another root (tables moved from this document keep their positions).</summary>
    public TomlDocument WithRoot(TomlTable root) => new(Source, root, _metadata);

    /// <summary>Reads and parses a file.</summary>
    public static TomlDocument Load(string path)
    {
        if (!File.Exists(path))
            throw new ConfigException([new ConfigError(path, 0, 0, "config file not found")]);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>1-based (line, column) of <paramref name="key"/> in <paramref name="table"/>, or (0,0).</summary>
    public (int Line, int Column) PositionOf(TomlTable table, string key)
    {
        if (_metadata.TryGetProperties(table, out var props) && props is not null &&
            props.TryGetProperty(key, out var p) && p is not null)
            return (p.Span.Start.Line + 1, p.Span.Start.Column + 1);
        return (0, 0);
    }

    private readonly Dictionary<(TomlTable Table, string Key), string> _overridden = new();

    /// <summary>Records that <c>--set <paramref name="setting"/></c> gave <paramref name="key"/> of <paramref name="table"/> its value.</summary>
    public void MarkOverridden(TomlTable table, string key, string setting) => _overridden[(table, key)] = setting;

    /// <summary>An error at <paramref name="key"/> of <paramref name="table"/> (at the <c>--set</c> that gave it, if one did).</summary>
    public ConfigError ErrorAt(TomlTable table, string key, string message)
    {
        if (_overridden.TryGetValue((table, key), out var setting)) return new ConfigError($"--set {setting}", 0, 0, message);
        var (line, col) = PositionOf(table, key);
        return new ConfigError(Source, line, col, message);
    }

    // Tomlyn prefixes "file(line,col) : error : "; we print positions ourselves.
    private static string StripPosition(string message)
    {
        int i = message.IndexOf(": error : ", StringComparison.Ordinal);
        return i >= 0 ? message[(i + 10)..] : message;
    }
}
