using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Searching;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Tests.Support;

namespace BossNas.Tests.Conformance;

/// <summary>
/// Every component the plugin host registers, built with its smoke profile (<see cref="ISmokeProfile"/>), and the
/// combinations the conformance suite runs: each compatible (strategy, space) pair, and one combination for every
/// evaluator and searcher. A component added to a plugin folder (or to this test assembly) gets its cases by being
/// registered.
/// </summary>
public static class Registry
{
    /// <summary>Names of the registered components of <paramref name="kind"/>, in name order.</summary>
    public static IReadOnlyList<string> Names(ComponentKind kind) =>
        TestPlugins.Host.OfKind(kind).Select(d => d.Name).Order(StringComparer.Ordinal).ToList();

    /// <summary>The options of (kind, name) with its smoke profile applied; null when its defaults are not valid alone.</summary>
    public static object? SmokeOptions(ComponentKind kind, string name)
    {
        var options = Activator.CreateInstance(TestPlugins.Host.Find(kind, name)!.Options)!;
        (options as ISmokeProfile)?.UseSmokeProfile();
        return options is IValidatableOptions v && v.Validate().Any() ? null : options;
    }

    /// <summary>Component (kind, name) with its smoke profile, or null when it cannot be built without settings.</summary>
    public static T? Create<T>(ComponentKind kind, string name) where T : class =>
        SmokeOptions(kind, name) is { } options ? TestPlugins.Host.Create<T>(kind, name, options) : null;

    /// <summary>Spaces, for theories.</summary>
    public static TheoryData<string> Spaces()
    {
        var data = new TheoryData<string>();
        foreach (var n in Names(ComponentKind.SearchSpace)) data.Add(n);
        return data;
    }

    /// <summary>
    /// Combinations "space strategy evaluator searcher": every compatible strategy × space with the first evaluator and
    /// searcher that fit, then one combination for each evaluator and searcher not covered yet.
    /// </summary>
    public static TheoryData<string, string, string, string> Combinations()
    {
        var all = new List<(string Space, string Strategy, string Evaluator, string Searcher)>();
        var spaces = Names(ComponentKind.SearchSpace);
        var strategies = Names(ComponentKind.Supervision);
        var evaluators = Names(ComponentKind.Evaluator);
        var searchers = Names(ComponentKind.Searcher);
        var valid = new List<(string, string, string, string)>();
        foreach (var s in spaces)
        foreach (var t in strategies)
        foreach (var e in evaluators)
        foreach (var r in searchers)
            if (Works(s, t, e, r)) valid.Add((s, t, e, r));
        foreach (var s in spaces)
        foreach (var t in strategies)
            if (valid.FirstOrDefault(c => c.Item1 == s && c.Item2 == t) is { Item1: not null } c) all.Add(c);
        foreach (var e in evaluators.Where(e => all.All(c => c.Evaluator != e)))
            if (valid.FirstOrDefault(c => c.Item3 == e) is { Item1: not null } c) all.Add(c);
        foreach (var r in searchers.Where(r => all.All(c => c.Searcher != r)))
            if (valid.FirstOrDefault(c => c.Item4 == r) is { Item1: not null } c) all.Add(c);
        var data = new TheoryData<string, string, string, string>();
        foreach (var (s, t, e, r) in all.Distinct()) data.Add(s, t, e, r);
        return data;
    }

    /// <summary>Whether the four components build with their smoke profiles and accept each other.</summary>
    public static bool Works(string space, string strategy, string evaluator, string searcher)
    {
        var sp = Create<ISearchSpace>(ComponentKind.SearchSpace, space);
        var st = Create<ISupervisionStrategy>(ComponentKind.Supervision, strategy);
        var ev = Create<IEvaluator>(ComponentKind.Evaluator, evaluator);
        var se = Create<ISearcher>(ComponentKind.Searcher, searcher);
        if (sp is null || st is null || ev is null || se is null) return false;
        return st.CheckCompatible(sp) is null && ev.CheckCompatible(sp, st) is null && se.CheckCompatible(sp, st, ev) is null
               && (se.FixesBlocks || st.PlanStages(sp).All(stage => !stage.NeedsFixedPrefix));
    }
}
