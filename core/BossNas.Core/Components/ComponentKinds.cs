namespace BossNas.Core.Components;

/// <summary>Names of config sections and contract types per <see cref="ComponentKind"/>.</summary>
public static class ComponentKinds
{
    /// <summary>The kinds a config selects, one section each, in section order.</summary>
    public static IReadOnlyList<ComponentKind> Selected { get; } =
        new[] { ComponentKind.SearchSpace, ComponentKind.Supervision, ComponentKind.Searcher, ComponentKind.Evaluator };

    /// <summary>The TOML section that names a component of this kind (view pipelines and cost metrics: the name <c>bossnas plugins</c> shows).</summary>
    public static string Section(this ComponentKind kind) => kind switch
    {
        ComponentKind.SearchSpace => "search_space",
        ComponentKind.Supervision => "supervision",
        ComponentKind.Searcher => "searcher",
        ComponentKind.Evaluator => "evaluator",
        ComponentKind.ViewPipeline => "view_pipeline",
        ComponentKind.CostMetric => "cost_metric",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The contract a component of this kind implements.</summary>
    public static Type Contract(this ComponentKind kind) => kind switch
    {
        ComponentKind.SearchSpace => typeof(Spaces.ISearchSpace),
        ComponentKind.Supervision => typeof(Supervision.ISupervisionStrategy),
        ComponentKind.Searcher => typeof(Searching.ISearcher),
        ComponentKind.Evaluator => typeof(Evaluation.IEvaluator),
        ComponentKind.ViewPipeline => typeof(Data.IViewPipeline),
        ComponentKind.CostMetric => typeof(Costs.ICostMetric),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
