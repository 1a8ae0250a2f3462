using BossNas.Core.Components;
using BossNas.Engine.Config;

namespace BossNas.Tests.Support;

/// <summary>
/// Components built as a config builds them: the settings become the TOML of the component's section (property names in
/// snake_case) and go through the host's options binder, with its type and range checks.
/// </summary>
public static class ComponentOptions
{
    /// <summary>The options of component (kind, name) with the given properties set; enum values may be member names.</summary>
    public static object Of(ComponentKind kind, string name, params (string Property, object Value)[] settings) =>
        Of(kind, name, (IEnumerable<(string, object)>)settings);

    /// <inheritdoc cref="Of(ComponentKind, string, (string Property, object Value)[])"/>
    public static object Of(ComponentKind kind, string name, IEnumerable<(string Property, object Value)> settings)
    {
        var d = TestPlugins.Host.Find(kind, name) ?? throw new InvalidOperationException($"no {kind} '{name}' deployed");
        return OptionsBinder.FromToml(d.Options, Toml(settings), $"{kind} {name}");
    }

    /// <summary>The options of (kind, name) with its smoke profile applied, then the given properties set on top.</summary>
    public static object Smoke(ComponentKind kind, string name, params (string Property, object Value)[] settings)
    {
        var d = TestPlugins.Host.Find(kind, name) ?? throw new InvalidOperationException($"no {kind} '{name}' deployed");
        var smoke = Registry.SmokeOptions(kind, name) ?? throw new InvalidOperationException($"{name} has no valid smoke options");
        var given = settings.Select(s => Names.SnakeCase(s.Property)).ToHashSet();
        var profile = OptionsBinder.ToTable(smoke).Where(kv => !given.Contains(kv.Key)).Select(kv => $"{kv.Key} = {OptionsBinder.Format(kv.Value)}");
        return OptionsBinder.FromToml(d.Options, string.Join("\n", profile.Append(Toml(settings))), $"{kind} {name}");
    }

    /// <summary>Component (kind, name) built with the given option values.</summary>
    public static T Create<T>(ComponentKind kind, string name, params (string Property, object Value)[] settings) where T : class =>
        TestPlugins.Host.Create<T>(kind, name, Of(kind, name, settings));

    /// <summary>The settings as TOML key/value lines.</summary>
    public static string Toml(IEnumerable<(string Property, object Value)> settings) =>
        string.Join("\n", settings.Select(s => $"{Names.SnakeCase(s.Property)} = {OptionsBinder.Format(s.Value)}"));
}
