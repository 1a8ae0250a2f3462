using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Searching;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Engine.Plugins;

namespace BossNas.Engine.Conformance;

/// <summary>
/// The components a plugin host registers, built with their smoke profiles (<see cref="ISmokeProfile"/>), and the
/// combinations a conformance run exercises: each compatible (strategy, space) pair, and one combination for every
/// evaluator and searcher (without a strategy for an evaluator that needs no trained supernet). A component gets its cases by being registered.
/// </summary>
public sealed class ComponentCatalog(PluginHost host)
{
    /// <summary>The host.</summary>
    public PluginHost Host => host;

    /// <summary>Names of the registered components of <paramref name="kind"/>, in name order.</summary>
    public IReadOnlyList<string> Names(ComponentKind kind) => host.OfKind(kind).Select(d => d.Name).Order(StringComparer.Ordinal).ToList();

    /// <summary>The options of (kind, name) with its smoke profile applied; null when its defaults are not valid alone.</summary>
    public object? SmokeOptions(ComponentKind kind, string name)
    {
        var options = Activator.CreateInstance(host.Find(kind, name)!.Options)!;
        (options as ISmokeProfile)?.UseSmokeProfile();
        return options is IValidatableOptions v && v.Validate().Any() ? null : options;
    }

    /// <summary>Component (kind, name) with its smoke profile, or null when it cannot be built without settings.</summary>
    public T? Create<T>(ComponentKind kind, string name) where T : class =>
        SmokeOptions(kind, name) is { } options ? host.Create<T>(kind, name, options) : null;

    /// <summary>
    /// Whether the combination's components build with their smoke profiles and work together in
    /// <see cref="SmokeRunContract"/>'s phases, by the one compatibility check the host applies to every run.
    /// </summary>
    public bool Works(Combination c)
    {
        var sp = Create<ISearchSpace>(ComponentKind.SearchSpace, c.Space);
        var st = c.HasStrategy ? Create<ISupervisionStrategy>(ComponentKind.Supervision, c.Strategy) : null;
        var ev = Create<IEvaluator>(ComponentKind.Evaluator, c.Evaluator);
        var se = Create<ISearcher>(ComponentKind.Searcher, c.Searcher);
        if (sp is null || (c.HasStrategy && st is null) || ev is null || se is null) return false;
        var names = new Dictionary<ComponentKind, string>
        {
            [ComponentKind.SearchSpace] = c.Space, [ComponentKind.Supervision] = c.Strategy, [ComponentKind.Evaluator] = c.Evaluator,
            [ComponentKind.Searcher] = c.Searcher,
        };
        return !Compatibility.Check(sp, st, se, ev, SmokeRunContract.Phases(st), k => names[k],
            host.OfKind(ComponentKind.ViewPipeline).Select(d => d.Name)).Any();
    }

    /// <summary>
    /// Combinations covering the components <paramref name="covered"/> accepts (all by default): every compatible
    /// strategy × space with the first evaluator and searcher that fit, then one combination for each evaluator and
    /// searcher not covered yet.
    /// </summary>
    public IReadOnlyList<Combination> Combinations(Func<ComponentKind, string, bool>? covered = null)
    {
        covered ??= (_, _) => true;
        var spaces = Names(ComponentKind.SearchSpace);
        // "" first: no strategy, for evaluators that rate without a trained supernet.
        var strategies = Names(ComponentKind.Supervision).Prepend(Combination.NoStrategy).ToList();
        var evaluators = Names(ComponentKind.Evaluator);
        var searchers = Names(ComponentKind.Searcher);
        var valid = (from s in spaces from t in strategies from e in evaluators from r in searchers
                     select new Combination(s, t, e, r)).Where(Works).ToList();
        var all = new List<Combination>();
        foreach (var s in spaces)
        foreach (var t in strategies.Where(t => t != Combination.NoStrategy))
            if ((covered(ComponentKind.SearchSpace, s) || covered(ComponentKind.Supervision, t))
                && valid.FirstOrDefault(c => c.Space == s && c.Strategy == t) is { } c)
                all.Add(c);
        foreach (var e in evaluators.Where(e => covered(ComponentKind.Evaluator, e) && all.All(c => c.Evaluator != e)))
            if (valid.FirstOrDefault(c => c.Evaluator == e) is { } c) all.Add(c);
        foreach (var r in searchers.Where(r => covered(ComponentKind.Searcher, r) && all.All(c => c.Searcher != r)))
            if (valid.FirstOrDefault(c => c.Searcher == r) is { } c) all.Add(c);
        return all.Distinct().ToList();
    }
}

/// <summary>One space, strategy (or none), evaluator and searcher run together.</summary>
public sealed record Combination(string Space, string Strategy, string Evaluator, string Searcher)
{
    /// <summary>The <see cref="Strategy"/> of a combination without one (its evaluator needs no trained supernet).</summary>
    public const string NoStrategy = "";

    /// <summary>Whether the combination trains a supernet with a strategy.</summary>
    public bool HasStrategy => Strategy != NoStrategy;

    /// <inheritdoc/>
    public override string ToString() => $"{Space} + {(HasStrategy ? Strategy : "no strategy")} + {Evaluator} + {Searcher}";
}
