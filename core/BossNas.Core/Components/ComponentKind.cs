namespace BossNas.Core.Components;

/// <summary>The kinds of pluggable components; each matches one config section.</summary>
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
}

/// <summary>Names of config sections and contract types per <see cref="ComponentKind"/>.</summary>
public static class ComponentKinds
{
    /// <summary>The TOML section that names a component of this kind.</summary>
    public static string Section(this ComponentKind kind) => kind switch
    {
        ComponentKind.SearchSpace => "search_space",
        ComponentKind.Supervision => "supervision",
        ComponentKind.Searcher => "searcher",
        ComponentKind.Evaluator => "evaluator",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The contract a component of this kind implements.</summary>
    public static Type Contract(this ComponentKind kind) => kind switch
    {
        ComponentKind.SearchSpace => typeof(Spaces.ISearchSpace),
        ComponentKind.Supervision => typeof(Supervision.ISupervisionStrategy),
        ComponentKind.Searcher => typeof(Searching.ISearcher),
        ComponentKind.Evaluator => typeof(Evaluation.IEvaluator),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
