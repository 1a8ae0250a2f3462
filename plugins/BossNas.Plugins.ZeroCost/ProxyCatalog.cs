using System.Reflection;
using BossNas.Core.Components;

namespace BossNas.Plugins.ZeroCost;

/// <summary>
/// The plugin's single proxies by component name, so a proxy that combines others (the vote) builds them from the same
/// classes the config selects rather than copies of their code.
/// </summary>
public static class ProxyCatalog
{
    private static readonly Dictionary<string, Type> Types = typeof(ZeroCostEvaluator).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(ZeroCostEvaluator).IsAssignableFrom(t))
        .Select(t => (Type: t, Attribute: t.GetCustomAttribute<ComponentAttribute>()))
        .Where(x => x.Attribute is { Kind: ComponentKind.Evaluator })
        .ToDictionary(x => x.Attribute!.Name, x => x.Type, StringComparer.Ordinal);

    /// <summary>The names of the single proxies, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = Types.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// A new proxy <paramref name="name"/> with its default options, except that a proxy scoring images scores
    /// <paramref name="images"/> of them.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No single proxy is called <paramref name="name"/>.</exception>
    public static ZeroCostEvaluator Create(string name, int images)
    {
        if (!Types.TryGetValue(name, out var type))
            throw new KeyNotFoundException($"no zero-cost proxy '{name}'; known: {string.Join(", ", Names)}");
        var optionsType = type.GetCustomAttribute<ComponentAttribute>()!.Options;
        if (optionsType == typeof(NoOptions)) return (ZeroCostEvaluator)Activator.CreateInstance(type)!;
        var options = Activator.CreateInstance(optionsType)!;
        optionsType.GetProperty("Images")?.SetValue(options, images);
        return (ZeroCostEvaluator)Activator.CreateInstance(type, options)!;
    }
}
