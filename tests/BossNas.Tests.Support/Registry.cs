using Xunit;
using BossNas.Core.Components;
using BossNas.Engine.Conformance;

namespace BossNas.Tests.Support;

/// <summary>
/// The test host's components as theory data, from the engine's <see cref="ComponentCatalog"/> (the same catalog
/// <c>bossnas check-plugin</c> uses): a component added to a plugin folder (or to this test assembly) gets its cases
/// by being registered.
/// </summary>
public static class Registry
{
    /// <summary>The catalog of the test host.</summary>
    public static ComponentCatalog Catalog { get; } = new(TestPlugins.Host);

    /// <summary>Names of the registered components of <paramref name="kind"/>, in name order.</summary>
    public static IReadOnlyList<string> Names(ComponentKind kind) => Catalog.Names(kind);

    /// <summary>The options of (kind, name) with its smoke profile applied; null when its defaults are not valid alone.</summary>
    public static object? SmokeOptions(ComponentKind kind, string name) => Catalog.SmokeOptions(kind, name);

    /// <summary>Component (kind, name) with its smoke profile, or null when it cannot be built without settings.</summary>
    public static T? Create<T>(ComponentKind kind, string name) where T : class => Catalog.Create<T>(kind, name);

    /// <summary>Spaces, for theories.</summary>
    public static TheoryData<string> Spaces()
    {
        var data = new TheoryData<string>();
        foreach (var n in Names(ComponentKind.SearchSpace)) data.Add(n);
        return data;
    }

    /// <summary>Combinations "space strategy evaluator searcher" covering every registered component.</summary>
    public static TheoryData<string, string, string, string> Combinations()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var c in Catalog.Combinations()) data.Add(c.Space, c.Strategy, c.Evaluator, c.Searcher);
        return data;
    }
}
