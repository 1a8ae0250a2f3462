using System.Diagnostics;
using BossNas.Core.Components;
using BossNas.Core.Spaces;
using BossNas.Engine.Plugins;

namespace BossNas.Engine.Conformance;

/// <summary>One conformance check and how it went.</summary>
/// <param name="Check">What was checked, naming the component.</param>
/// <param name="Passed">Whether it held.</param>
/// <param name="Detail">The breach, or an empty string.</param>
/// <param name="Seconds">How long it took.</param>
public sealed record CheckOutcome(string Check, bool Passed, string Detail, double Seconds);

/// <summary>
/// <c>bossnas check-plugin</c>: the host's conformance suite over the components of one plugin — each builds with its
/// defaults or smoke profile, each space meets <see cref="SpaceContract"/>, and every combination that covers the
/// plugin's components (with the shipped components filling the other roles) runs <see cref="PipelineContract"/>.
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
        var mine = host.Components.Where(c => c.AssemblyPath.StartsWith(root, StringComparison.Ordinal)).ToList();
        var outcomes = new List<CheckOutcome>();
        void Run(string check, Action body)
        {
            var watch = Stopwatch.StartNew();
            CheckOutcome outcome;
            try
            {
                body();
                outcome = new CheckOutcome(check, true, "", watch.Elapsed.TotalSeconds);
            }
            catch (Exception e)
            {
                var inner = e is System.Reflection.TargetInvocationException { InnerException: { } i } ? i : e;
                outcome = new CheckOutcome(check, false, inner is ConformanceException ? inner.Message : $"{inner.GetType().Name}: {inner.Message}",
                    watch.Elapsed.TotalSeconds);
            }
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
        foreach (var c in mine.Where(c => c.Kind == ComponentKind.SearchSpace))
            foreach (var (name, check) in SpaceContract.All)
                Run($"space {c.Name}: {name}", () =>
                {
                    var space = catalog.Create<ISearchSpace>(ComponentKind.SearchSpace, c.Name) ?? throw new ConformanceException("needs settings to build");
                    check(c.Name, space);
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
            Run($"pipeline {combination}: runs end to end", () => PipelineContract.Run(catalog, combination, Path.Combine(work, $"run{n++}")));
        return outcomes;
    }
}
