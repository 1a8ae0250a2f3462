namespace BossNas.Core.Components;

/// <summary>The kinds of pluggable components; the first four are chosen by a config section each.</summary>
public enum ComponentKind
{
    /// <summary>An <see cref="Spaces.ISearchSpace"/>, section <c>[search_space]</c>.</summary>
    SearchSpace,

    /// <summary>An <see cref="Supervision.ISupervisionStrategy"/>, section <c>[supervision]</c>.</summary>
    Supervision,

    /// <summary>An <see cref="Searching.ISearcher"/>, section <c>[searcher]</c>.</summary>
    Searcher,

    /// <summary>An <see cref="Evaluation.IEvaluator"/>, section <c>[evaluator]</c>.</summary>
    Evaluator,

    /// <summary>An <see cref="Data.IViewPipeline"/>, asked for by name by a strategy (no config section).</summary>
    ViewPipeline,

    /// <summary>An <see cref="Costs.ICostMetric"/>, listed by name in <c>[pipeline] cost_metrics</c> (no section of its own).</summary>
    CostMetric,
}
