using System.Collections;
using System.Globalization;
using System.Reflection;
using BossNas.Core.Components;
using Tomlyn.Model;

namespace BossNas.Engine.Config;

/// <summary>
/// Binds a TOML table to an options class strictly: every key must name a public settable property (in
/// snake_case), values must have the property's type and lie in its declared range. Tomlyn's own binder
/// ignores unknown keys, which would let a misspelt option silently keep its default.
/// </summary>
public static class OptionsBinder
{
    /// <summary>The bindable properties of an options type, by snake_case key.</summary>
    public static IReadOnlyDictionary<string, PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetSetMethod() is not null)
            .ToDictionary(p => Names.SnakeCase(p.Name), p => p, StringComparer.Ordinal);

    /// <summary>
    /// Binds TOML text (the keys of one component section, e.g. <c>candidate_widths = [8, 16]</c>) to a new
    /// <paramref name="type"/> exactly as a config file's section is bound: for an application or a test that builds
    /// components without a config file.
    /// </summary>
    /// <exception cref="ConfigException">A key, type or range problem, located in <paramref name="source"/>.</exception>
    public static object FromToml(Type type, string toml, string source = "options")
    {
        var doc = TomlDocument.Parse(toml, source);
        var errors = new List<ConfigError>();
        var options = Bind(type, doc.Root, doc, source, errors);
        return errors.Count > 0 ? throw new ConfigException(errors) : options;
    }

    /// <summary>
    /// Binds <paramref name="table"/> to a new <paramref name="type"/>, adding problems to
    /// <paramref name="errors"/>; keys in <paramref name="ignore"/> belong to the caller (e.g. <c>plugin</c>).
    /// </summary>
    internal static object Bind(Type type, TomlTable table, TomlDocument doc, string section, List<ConfigError> errors,
        params string[] ignore)
    {
        var target = Activator.CreateInstance(type)
                     ?? throw new InvalidOperationException($"cannot create {type.Name}");
        var props = Properties(type);
        foreach (var (key, raw) in table)
        {
            if (ignore.Contains(key)) continue;
            if (!props.TryGetValue(key, out var prop))
            {
                var known = props.Keys.Concat(ignore);
                errors.Add(doc.ErrorAt(table, key,
                    $"unknown key '{key}' in [{section}]{Names.DidYouMean(key, known)}"));
                continue;
            }
            if (TryConvert(raw, prop.PropertyType, doc, $"{section}.{key}", errors, out var value, out var problem))
            {
                var rangeProblem = CheckRange(prop, value);
                if (rangeProblem is not null) errors.Add(doc.ErrorAt(table, key, $"{section}.{key}: {rangeProblem}"));
                else prop.SetValue(target, value);
            }
            else if (problem is not null)
            {
                errors.Add(doc.ErrorAt(table, key, $"{section}.{key}: {problem}"));
            }
        }
        if (target is IValidatableOptions validatable)
        {
            foreach (var (key, message) in validatable.Validate())
                errors.Add(doc.ErrorAt(table, key, $"{section}.{key}: {message}"));
        }
        return target;
    }

    /// <summary>Converts an options object back to a TOML table (for the resolved config).</summary>
    public static TomlTable ToTable(object options)
    {
        var table = new TomlTable();
        object? defaults = null;
        foreach (var (key, prop) in Properties(options.GetType()))
        {
            var v = prop.GetValue(options);
            if (v is null) continue;
            if (prop.GetCustomAttribute<OmitWhenDefaultAttribute>() is not null
                && SameValue(v, prop.GetValue(defaults ??= Activator.CreateInstance(options.GetType())!))) continue;
            table[key] = ToToml(v);
        }
        return table;
    }

    // Lists are equal element by element (a default list is a new instance on every options object).
    private static bool SameValue(object a, object? b) =>
        a is IEnumerable x and not string && b is IEnumerable y and not string
            ? x.Cast<object?>().SequenceEqual(y.Cast<object?>())
            : Equals(a, b);

    /// <summary>Describes an option type for <c>bossnas plugins</c>: "integer", "float in [0, 1]", ...</summary>
    public static string Describe(PropertyInfo prop)
    {
        var t = Nullable.GetUnderlyingType(prop.PropertyType) ?? prop.PropertyType;
        string kind = TypeName(t);
        if (prop.GetCustomAttribute<RangeAttribute>() is { } r) kind += $" in [{Fmt(r.Min)}, {Fmt(r.Max)}]";
        if (prop.GetCustomAttribute<OneOfAttribute>() is { } o) kind += $" one of {string.Join("|", o.Values)}";
        if (t.IsEnum) kind += $" one of {string.Join("|", Enum.GetNames(t).Select(Names.SnakeCase))}";
        return kind;
    }

    /// <summary>A value as TOML writes it, for defaults in listings.</summary>
    public static string Format(object? value) => value switch
    {
        null => "(none)",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        Enum e => $"\"{Names.SnakeCase(e.ToString())}\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IDictionary<string, string> { Count: 0 } => "{}",
        IDictionary<string, string> d => "{ " + string.Join(", ", d.Select(kv => $"\"{kv.Key}\" = \"{kv.Value}\"")) + " }",
        IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Select(Format)) + "]",
        _ => value.ToString() ?? "",
    };

    private static string TypeName(Type t)
    {
        if (t == typeof(int) || t == typeof(long)) return "integer";
        if (t == typeof(double) || t == typeof(float)) return "float";
        if (t == typeof(bool)) return "boolean";
        if (t == typeof(string)) return "string";
        if (t.IsEnum) return "string";
        if (t == typeof(Dictionary<string, string>)) return "table of strings";
        if (ElementType(t) is { } e) return $"array of {TypeName(e)}";
        return t.Name;
    }

    private static string Fmt(double v) => v.ToString(CultureInfo.InvariantCulture);

    private static Type? ElementType(Type t)
    {
        if (t.IsArray) return t.GetElementType();
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>)) return t.GetGenericArguments()[0];
        return null;
    }

    private static bool TryConvert(object? raw, Type type, TomlDocument doc, string path, List<ConfigError> errors,
        out object? value, out string? problem)
    {
        value = null;
        problem = null;
        var t = Nullable.GetUnderlyingType(type) ?? type;
        switch (raw)
        {
            case long l when t == typeof(int):
                if (l is < int.MinValue or > int.MaxValue) { problem = $"{l} does not fit an integer"; return false; }
                value = (int)l; return true;
            case long l when t == typeof(long): value = l; return true;
            case long l when t == typeof(double): value = (double)l; return true;
            case long l when t == typeof(float): value = (float)l; return true;
            case double d when t == typeof(double): value = d; return true;
            case double d when t == typeof(float): value = (float)d; return true;
            case bool b when t == typeof(bool): value = b; return true;
            case string s when t == typeof(string): value = s; return true;
            case string s when t.IsEnum:
                foreach (var name in Enum.GetNames(t))
                {
                    if (Names.SnakeCase(name) == s || name == s) { value = Enum.Parse(t, name); return true; }
                }
                var names = Enum.GetNames(t).Select(Names.SnakeCase).ToList();
                problem = $"'{s}' is not one of {string.Join(", ", names)}{Names.DidYouMean(s, names)}";
                return false;
            case TomlArray arr when ElementType(t) is { } elem:
                var items = new List<object?>();
                foreach (var item in arr)
                {
                    if (!TryConvert(item, elem, doc, path, errors, out var v, out problem))
                    {
                        problem = $"array element {Describe(item)}: {problem}";
                        return false;
                    }
                    items.Add(v);
                }
                if (t.IsArray)
                {
                    var a = Array.CreateInstance(elem, items.Count);
                    for (int i = 0; i < items.Count; i++) a.SetValue(items[i], i);
                    value = a;
                }
                else
                {
                    var list = (IList)Activator.CreateInstance(t)!;
                    foreach (var i in items) list.Add(i);
                    value = list;
                }
                return true;
            case TomlTable map when t == typeof(Dictionary<string, string>):
                var entries = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (key, item) in map)
                {
                    if (item is not string text) { problem = $"key \"{key}\": expected a string, got {Describe(item)}"; return false; }
                    entries[key] = text;
                }
                value = entries;
                return true;
            case TomlTable sub when t.IsClass && t != typeof(string):
                value = Bind(t, sub, doc, path, errors);
                return true;
        }
        problem = $"expected {TypeName(t)}, got {Describe(raw)}";
        return false;
    }

    private static string Describe(object? raw) => raw switch
    {
        string s => $"the string \"{s}\"",
        long l => $"the integer {l}",
        double d => $"the float {d.ToString(CultureInfo.InvariantCulture)}",
        bool b => $"the boolean {(b ? "true" : "false")}",
        TomlArray => "an array",
        TomlTable => "a table",
        _ => raw?.GetType().Name ?? "nothing",
    };

    private static string? CheckRange(PropertyInfo prop, object? value)
    {
        if (prop.GetCustomAttribute<RangeAttribute>() is { } r && value is IConvertible c and not string)
        {
            double v = c.ToDouble(CultureInfo.InvariantCulture);
            if (v < r.Min || v > r.Max) return $"{Format(value)} is out of range [{Fmt(r.Min)}, {Fmt(r.Max)}]";
        }
        if (prop.GetCustomAttribute<OneOfAttribute>() is { } o && value is string s && !o.Values.Contains(s))
            return $"'{s}' is not one of {string.Join(", ", o.Values)}{Names.DidYouMean(s, o.Values)}";
        return null;
    }

    private static object ToToml(object v) => v switch
    {
        int i => (long)i,
        float f => (double)f,
        Enum e => Names.SnakeCase(e.ToString()),
        string or bool or long or double => v,
        IDictionary<string, string> d => ToTable(d),
        IEnumerable e => ToArray(e),
        _ => ToTable(v),
    };

    private static TomlTable ToTable(IDictionary<string, string> d)
    {
        var t = new TomlTable();
        foreach (var (k, v) in d) t[k] = v;
        return t;
    }

    private static TomlArray ToArray(IEnumerable e)
    {
        var a = new TomlArray();
        foreach (var x in e) a.Add(ToToml(x!));
        return a;
    }
}
