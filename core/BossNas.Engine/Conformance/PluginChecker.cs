using System.Diagnostics;
using BossNas.Core.Components;
using BossNas.Core.Spaces;
using BossNas.Engine.Plugins;

namespace BossNas.Engine.Conformance;

/// <summary>
/// <c>bossnas check-plugin</c>: the host's conformance suite over the components of one plugin — each builds with its
/// defaults or smoke profile, each space meets <see cref="SpaceContract"/>, each cost metric meets
/// <see cref="CostMetricContract"/> on every loaded space, and every combination that covers the
/// plugin's components (with the shipped components filling the other roles) runs <see cref="SmokeRunContract"/>.
/// </summary>
public static class PluginChecker
{
    /// <summary>The plugin assemblies of <paramref name="folder"/>: a build output (each <c>X.dll</c> with an <c>X.deps.json</c>).</summary>
    public static IReadOnlyList<string> PluginFiles(string folder) =>
        Directory.GetFiles(folder, "*.deps.json")
            .Select(d => Path.Combine(folder, Path.GetFileName(d)[..^".deps.json".Length] + ".dll"))
            .Where(File.Exists).Order(StringComparer.Ordinal).ToList();

    /// <summary>Runs every check on the components <paramref name="host"/> loaded from <paramref name="folder"/>.</summary>
    /// <param name="host">A host with the shipped plugins and the plugin under test.</param>
    /// <param name="folder">Where the plugin under test was loaded from.</param>
    /// <param name="work">A scratch folder for the smoke runs.</param>
    /// <param name="report">Called after each check.</param>
    public static IReadOnlyList<CheckOutcome> Check(PluginHost host, string folder, string work, Action<CheckOutcome>? report = null)
    {
        var root = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return Check(host, host.Components.Where(c => c.AssemblyPath.StartsWith(root, StringComparison.Ordinal)).ToList(), work, report);
    }

    /// <summary>Runs every check on the components <paramref name="mine"/> of <paramref name="host"/>.</summary>
    public static IReadOnlyList<CheckOutcome> Check(PluginHost host, IReadOnlyList<ComponentDescriptor> mine, string work,
        Action<CheckOutcome>? report = null)
    {
        var assemblies = mine.Select(c => c.Type.Assembly).ToHashSet();
        var outcomes = new List<CheckOutcome>();
        void Run(string check, Action body)
        {
            var outcome = RunCheck(check, body, assemblies.Contains);
            outcomes.Add(outcome);
            report?.Invoke(outcome);
        }

        var catalog = new ComponentCatalog(host);
        foreach (var c in mine)
            Run($"{c.Kind} {c.Name}: builds with its defaults or smoke profile", () =>
            {
                var options = Activator.CreateInstance(c.Options) ?? throw new ConformanceException($"{c.Options.Name} has no parameterless constructor");
                (options as ISmokeProfile)?.UseSmokeProfile();
                if (options is IValidatableOptions v && v.Validate().ToList() is { Count: > 0 } errors)
                    throw new ConformanceException($"its smoke profile is not valid: {string.Join("; ", errors)}");
                _ = host.Create<object>(c.Kind, c.Name, options);
            });
        foreach (var c in mine)
            Run($"{c.Kind} {c.Name}: its methods match the contract's signatures", () =>
            {
                var wrong = ContractMembers.Mismatches(c.Type).ToList();
                ConformanceException.Require(wrong.Count == 0, string.Join("; ", wrong));
            });
        foreach (var c in mine.Where(c => c.Kind == ComponentKind.SearchSpace))
            foreach (var (name, check) in SpaceContract.All)
                Run($"space {c.Name}: {name}", () =>
                {
                    var space = catalog.Create<ISearchSpace>(ComponentKind.SearchSpace, c.Name) ?? throw new ConformanceException("needs settings to build");
                    check(c.Name, space);
                });
        // Each cost metric on every space that builds with its smoke profile (a space that needs settings has no case).
        var spaces = catalog.Names(ComponentKind.SearchSpace).Where(n => catalog.SmokeOptions(ComponentKind.SearchSpace, n) is not null).ToList();
        foreach (var c in mine.Where(c => c.Kind == ComponentKind.CostMetric))
            foreach (var spaceName in spaces)
                Run($"cost metric {c.Name} on space {spaceName}: finite, repeatable, agrees with the analytic cost", () =>
                {
                    var metric = catalog.Create<Core.Costs.ICostMetric>(ComponentKind.CostMetric, c.Name) ?? throw new ConformanceException("needs settings to build");
                    CostMetricContract.Check(c.Name, metric, spaceName, catalog.Create<ISearchSpace>(ComponentKind.SearchSpace, spaceName)!);
                });
        var isMine = mine.Select(c => (c.Kind, c.Name)).ToHashSet();
        var combinations = catalog.Combinations((kind, name) => isMine.Contains((kind, name)));
        foreach (var c in mine)
        {
            bool covered = combinations.Any(x => c.Kind switch
            {
                ComponentKind.SearchSpace => x.Space == c.Name,
                ComponentKind.Supervision => x.Strategy == c.Name,
                ComponentKind.Evaluator => x.Evaluator == c.Name,
                ComponentKind.Searcher => x.Searcher == c.Name,
                _ => true,
            });
            if (!covered)
                Run($"{c.Kind} {c.Name}: runs in a pipeline", () => throw new ConformanceException(
                    "no combination with the loaded components accepts it (check its CheckCompatible against the shipped spaces, strategies, evaluators and searchers)"));
        }
        int n = 0;
        foreach (var combination in combinations)
            Run($"pipeline {combination}: runs end to end", () => SmokeRunContract.Run(catalog, combination, Path.Combine(work, $"run{n++}")));
        return outcomes;
    }

    /// <summary>
    /// Runs one check: PASS when <paramref name="body"/> returns, SKIP when it throws <see cref="CheckSkippedException"/>,
    /// FAIL otherwise, with the breach or the exception named by where it came from in the plugin.
    /// </summary>
    /// <param name="check">What is checked, naming the component.</param>
    /// <param name="body">The check.</param>
    /// <param name="isPlugin">Whether an assembly is the checked plugin's (to name the plugin member an exception came from).</param>
    public static CheckOutcome RunCheck(string check, Action body, Func<System.Reflection.Assembly, bool> isPlugin)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            body();
            return new CheckOutcome(check, CheckStatus.Pass, "", watch.Elapsed.TotalSeconds);
        }
        catch (Exception e)
        {
            var inner = e is System.Reflection.TargetInvocationException { InnerException: { } i } ? i : e;
            return inner switch
            {
                CheckSkippedException skip => new CheckOutcome(check, CheckStatus.Skip, skip.Message, watch.Elapsed.TotalSeconds),
                ConformanceException { InnerException: { } cause } breach => new CheckOutcome(check, CheckStatus.Fail,
                    $"{breach.Message}: {ExceptionOrigin.Describe(cause, isPlugin)}", watch.Elapsed.TotalSeconds, cause.ToString()),
                ConformanceException breach => new CheckOutcome(check, CheckStatus.Fail, breach.Message, watch.Elapsed.TotalSeconds),
                _ => new CheckOutcome(check, CheckStatus.Fail, ExceptionOrigin.Describe(inner, isPlugin), watch.Elapsed.TotalSeconds, inner.ToString()),
            };
        }
    }
}
