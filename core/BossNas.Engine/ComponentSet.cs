using BossNas.Core.Components;
using BossNas.Core.Data;
using BossNas.Core.Evaluation;
using BossNas.Core.Searching;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Engine.Config;
using BossNas.Engine.Plugins;

namespace BossNas.Engine;

/// <summary>
/// The four components a config selects, created with their options, and the whole combination checked before any
/// tensor exists: the strategy against the space, the evaluator against both, the searcher against all three, and the
/// view pipelines the strategy asks for. Each refusal is a config error at the refusing component's line.
/// </summary>
public sealed record ComponentSet(ISearchSpace Space, ISupervisionStrategy Strategy, ISearcher Searcher, IEvaluator Evaluator)
{
    /// <summary>Plugin view pipelines by name (the engine's built-ins are always there).</summary>
    public IReadOnlyDictionary<string, IViewPipeline> ViewPipelines { get; init; } = new Dictionary<string, IViewPipeline>();

    /// <summary>Creates and cross-checks the components; problems are reported as config errors.</summary>
    /// <exception cref="ConfigException">A component cannot be created, or the combination does not work.</exception>
    public static ComponentSet Create(RunConfig config, PluginHost host)
    {
        T Make<T>(ComponentKind kind) where T : class
        {
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
        var set = new ComponentSet(Make<ISearchSpace>(ComponentKind.SearchSpace), Make<ISupervisionStrategy>(ComponentKind.Supervision),
            Make<ISearcher>(ComponentKind.Searcher), Make<IEvaluator>(ComponentKind.Evaluator)) { ViewPipelines = views };
        var errors = set.Check(config).ToList();
        if (errors.Count > 0) throw new ConfigException(errors);
        return set;
    }

    private IEnumerable<ConfigError> Check(RunConfig config)
    {
        string Name(ComponentKind kind) => config[kind].Plugin;
        ConfigError At(ComponentKind kind, string message)
        {
            var c = config[kind];
            return new ConfigError(config.Source, c.Line, c.Column, message);
        }

        if (Strategy.CheckCompatible(Space) is { } strategyWhy)
        {
            yield return At(ComponentKind.Supervision,
                $"supervision '{Name(ComponentKind.Supervision)}' cannot train search_space '{Name(ComponentKind.SearchSpace)}': {strategyWhy}");
            yield break; // the stage plan below needs a strategy that accepts the space
        }
        if (Evaluator.Scope == RatingScope.None)
            yield return At(ComponentKind.Evaluator, $"evaluator '{Name(ComponentKind.Evaluator)}' declares that it rates nothing");
        if (Evaluator.CheckCompatible(Space, Strategy) is { } evaluatorWhy)
            yield return At(ComponentKind.Evaluator,
                $"evaluator '{Name(ComponentKind.Evaluator)}' cannot rate what supervision '{Name(ComponentKind.Supervision)}' " +
                $"trains on search_space '{Name(ComponentKind.SearchSpace)}': {evaluatorWhy}");
        if (Searcher.CheckCompatible(Space, Strategy, Evaluator) is { } searcherWhy)
            yield return At(ComponentKind.Searcher, $"searcher '{Name(ComponentKind.Searcher)}' cannot work with supervision " +
                $"'{Name(ComponentKind.Supervision)}' and evaluator '{Name(ComponentKind.Evaluator)}': {searcherWhy}");
        if (!Searcher.FixesBlocks && Strategy.PlanStages(Space).FirstOrDefault(st => st.NeedsFixedPrefix) is { } needing)
            yield return At(ComponentKind.Searcher, $"searcher '{Name(ComponentKind.Searcher)}' fixes no block at stage ends, but " +
                $"supervision '{Name(ComponentKind.Supervision)}' trains stage {needing.Name} on top of the blocks fixed before it; " +
                "use a block-wise searcher such as greedy_blockwise");
        if (Strategy is ITeacherStudent && config.Pipeline.Phases.Contains("supernet") && !config.Pipeline.Phases.Contains("teacher"))
            yield return At(ComponentKind.Supervision, $"supervision '{Name(ComponentKind.Supervision)}' distils from a teacher: " +
                "put 'teacher' before 'supernet' in [pipeline] phases (and its budget in [teacher])");
        if (Strategy is not ITeacherStudent && config.Pipeline.Phases.Contains("teacher"))
            yield return At(ComponentKind.Supervision, $"[pipeline] phases has 'teacher', but supervision '{Name(ComponentKind.Supervision)}' " +
                "distils from no teacher; leave the phase out");
        var known = ViewPipelines.Keys.Concat(new[] { ViewPipelineNames.Supervised, ViewPipelineNames.Byol, ViewPipelineNames.CropFlip }).ToHashSet();
        foreach (var stage in Strategy.PlanStages(Space))
        {
            var pipeline = Strategy.Views(stage).Pipeline;
            if (!known.Contains(pipeline))
                yield return At(ComponentKind.Supervision, $"stage {stage.Name} asks for view pipeline '{pipeline}', which no plugin " +
                    $"registers{Names.DidYouMean(pipeline, known)}; known: {string.Join(", ", known.Order())}");
        }
    }
}
