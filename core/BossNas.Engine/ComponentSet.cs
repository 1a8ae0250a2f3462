using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Searching;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Engine.Config;
using BossNas.Engine.Plugins;

namespace BossNas.Engine;

/// <summary>
/// The four components a config selects, created with their options, and checked against each other
/// (a strategy that cannot train the space, an evaluator that cannot rate the strategy) before any tensor exists.
/// </summary>
public sealed record ComponentSet(ISearchSpace Space, ISupervisionStrategy Strategy, ISearcher Searcher, IEvaluator Evaluator)
{
    /// <summary>Creates and cross-checks the components; problems are reported as config errors.</summary>
    public static ComponentSet Create(RunConfig config, PluginHost host)
    {
        var errors = new List<ConfigError>();
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
        var set = new ComponentSet(Make<ISearchSpace>(ComponentKind.SearchSpace), Make<ISupervisionStrategy>(ComponentKind.Supervision),
            Make<ISearcher>(ComponentKind.Searcher), Make<IEvaluator>(ComponentKind.Evaluator));
        if (set.Strategy.CheckCompatible(set.Space) is { } why)
        {
            var c = config[ComponentKind.Supervision];
            errors.Add(new ConfigError(config.Source, c.Line, c.Column,
                $"supervision '{c.Plugin}' cannot train search_space '{config[ComponentKind.SearchSpace].Plugin}': {why}"));
        }
        if (set.Evaluator.CheckCompatible(set.Strategy) is { } why2)
        {
            var c = config[ComponentKind.Evaluator];
            errors.Add(new ConfigError(config.Source, c.Line, c.Column,
                $"evaluator '{c.Plugin}' cannot rate supervision '{config[ComponentKind.Supervision].Plugin}': {why2}"));
        }
        if (errors.Count > 0) throw new ConfigException(errors);
        return set;
    }
}
