using BossNas.Core.Components;
using BossNas.Core.Data;
using BossNas.Core.Evaluation;
using BossNas.Core.Searching;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Engine.Config;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Plugins;
using NLog;

namespace BossNas.Engine;

/// <summary>
/// The components a config selects, created with their options, and the whole combination checked before any tensor
/// exists (<see cref="Compatibility"/>). The search space is always there; the other roles only when the config's
/// phases work with them (<c>bossnas train</c> needs the space alone, a search whose evaluator needs no supernet no
/// strategy). Each refusal is a config error at the refusing component's line; an architecture of the config's benchmark
/// that is not one of the space is an error at its <c>benchmark</c> key.
/// </summary>
public sealed class ComponentSet(ISearchSpace space, ISupervisionStrategy? strategy, ISearcher? searcher, IEvaluator? evaluator)
{
    private static readonly Logger Log = LogManager.GetLogger("run");

    /// <summary>The search space.</summary>
    public ISearchSpace Space { get; } = space;

    /// <summary>The supervision strategy, or null when the run's phases work without one.</summary>
    public ISupervisionStrategy? StrategyOrNull { get; } = strategy;

    /// <summary>The searcher, or null when the run's phases work without one.</summary>
    public ISearcher? SearcherOrNull { get; } = searcher;

    /// <summary>The evaluator, or null when the run's phases work without one.</summary>
    public IEvaluator? EvaluatorOrNull { get; } = evaluator;

    /// <summary>The supervision strategy (a phase that declares the role asks for it).</summary>
    public ISupervisionStrategy Strategy => StrategyOrNull ?? throw Missing(ComponentKind.Supervision);

    /// <summary>The searcher (a phase that declares the role asks for it).</summary>
    public ISearcher Searcher => SearcherOrNull ?? throw Missing(ComponentKind.Searcher);

    /// <summary>The evaluator (a phase that declares the role asks for it).</summary>
    public IEvaluator Evaluator => EvaluatorOrNull ?? throw Missing(ComponentKind.Evaluator);

    /// <summary>The cost metrics the run records (<c>[pipeline] cost_metrics</c>).</summary>
    public Costs.CostMetricSet CostMetrics { get; init; } = Costs.CostMetricSet.Defaults;

    /// <summary>Plugin view pipelines by name (the engine's built-ins are always there).</summary>
    public IReadOnlyDictionary<string, IViewPipeline> ViewPipelines { get; init; } = new Dictionary<string, IViewPipeline>();

    /// <summary>Creates and cross-checks the components the config selects; problems are reported as config errors.</summary>
    /// <exception cref="ConfigException">A component cannot be created, or the combination does not work.</exception>
    public static ComponentSet Create(RunConfig config, PluginHost host)
    {
        // A role no listed phase works with is not built: its section stays in the config (and its hash), unused.
        var roles = PhaseCatalog.Roles(config.Pipeline.Phases);
        T? Make<T>(ComponentKind kind) where T : class
        {
            if (!config.Has(kind)) return null;
            if (!roles.Contains(kind))
            {
                Log.Warn("[{Section}] {Plugin} is not used: no phase of {Phases} works with it", kind.Section(), config[kind].Plugin,
                    string.Join(", ", config.Pipeline.Phases));
                return null;
            }
            var c = config[kind];
            try
            {
                return host.Create<T>(kind, c.Plugin, c.Options);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or Autofac.Core.DependencyResolutionException)
            {
                var inner = e.InnerException?.InnerException ?? e.InnerException ?? e;
                throw new ConfigException([new ConfigError(config.Source, c.Line, c.Column,
                    $"[{kind.Section()}] {c.Plugin}: {inner.Message}")]);
            }
        }
        var views = host.OfKind(ComponentKind.ViewPipeline)
            .ToDictionary(d => d.Name, d => host.Create<IViewPipeline>(ComponentKind.ViewPipeline, d.Name, Activator.CreateInstance(d.Options)!));
        var set = new ComponentSet(Make<ISearchSpace>(ComponentKind.SearchSpace)!, Make<ISupervisionStrategy>(ComponentKind.Supervision),
            Make<ISearcher>(ComponentKind.Searcher), Make<IEvaluator>(ComponentKind.Evaluator))
        {
            ViewPipelines = views,
            CostMetrics = config.Pipeline.DefaultCostMetrics && config.CostMetricOptions.Count == 0 ? Costs.CostMetricSet.Defaults
                : Costs.CostMetricSet.Create(config.Pipeline.CostMetrics, host, config.CostMetricOptions),
        };
        var errors = Compatibility.Check(set.Space, set.StrategyOrNull, set.SearcherOrNull, set.EvaluatorOrNull, config.Pipeline.Phases,
                kind => config.PluginOrNull(kind) ?? "", views.Keys)
            .Select(p => config.Has(p.Kind) ? config.ErrorAt(p.Kind, p.Message) : new ConfigError(config.Source, 0, 0, p.Message)).ToList();
        // A cap is checked on every candidate from the metrics the run records, so each capped metric must be one of them.
        if (set.SearcherOrNull is { } searcher)
            foreach (var capped in searcher.Limits.Caps.Keys.Where(n => !set.CostMetrics.Names.Contains(n)))
                errors.Add(config.ErrorAt(ComponentKind.Searcher, $"[searcher] {config[ComponentKind.Searcher].Plugin} caps cost metric '{capped}', " +
                    $"which [pipeline] cost_metrics does not list: add it (e.g. cost_metrics = [\"madds\", \"params\", \"{capped}\"])"));
        errors.AddRange(set.CostMetrics.Problems(set.Space).Select(p => new ConfigError(config.Source, 0, 0, $"pipeline.cost_metrics: {p}")));
        // The benchmark's architectures, now that the space exists: each must be one of it, and listed once.
        if (config.BenchmarkKey is { } benchmark && File.Exists(config.Pipeline.Benchmark))
            errors.AddRange(benchmark.Errors(Correlation.GroundTruthCheck.InSpace(config.Pipeline.Benchmark, set.Space)));
        if (errors.Count > 0) throw new ConfigException(errors);
        return set;
    }

    private static InvalidOperationException Missing(ComponentKind kind) =>
        new($"the run has no [{kind.Section()}]: no phase it lists needs one");
}
