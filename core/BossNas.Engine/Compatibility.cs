using BossNas.Core.Components;
using BossNas.Core.Data;
using BossNas.Core.Evaluation;
using BossNas.Core.Searching;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Engine.Config;
using BossNas.Engine.Pipeline;

namespace BossNas.Engine;

/// <summary>
/// The one place that decides whether components work together in a run with the given phases: the strategy against
/// the space, the evaluator against both, the searcher against all three, the phases the components need (a teacher
/// for a distilling strategy, a supernet for an evaluator that rates with one), and the view pipelines the strategy asks
/// for. Used by <see cref="ComponentSet"/> (so by <c>run</c>, <c>train</c> and <c>validate</c>), the conformance catalog
/// and <c>check-plugin</c>. A role the phases do not use may be null.
/// </summary>
public static class Compatibility
{
    /// <summary>A problem, with the role whose config section it is reported at.</summary>
    public sealed record Problem(ComponentKind Kind, string Message);

    /// <summary>The problems of these components in a run of <paramref name="phases"/>; empty when they work together.</summary>
    /// <param name="name">The configured name of each role (for messages).</param>
    /// <param name="viewPipelines">The view pipelines plugins register (the engine's built-ins are added).</param>
    public static IEnumerable<Problem> Check(ISearchSpace space, ISupervisionStrategy? strategy, ISearcher? searcher, IEvaluator? evaluator,
        IReadOnlyList<string> phases, Func<ComponentKind, string> name, IEnumerable<string> viewPipelines)
    {
        string Named(ComponentKind kind) => $"{kind.Section()} '{name(kind)}'";
        if (strategy is not null && strategy.CheckCompatible(space) is { } strategyWhy)
        {
            yield return new(ComponentKind.Supervision, $"{Named(ComponentKind.Supervision)} cannot train {Named(ComponentKind.SearchSpace)}: {strategyWhy}");
            yield break; // the stage plan below needs a strategy that accepts the space
        }
        if (evaluator is not null)
        {
            if (evaluator.Scope == RatingScope.None)
                yield return new(ComponentKind.Evaluator, $"{Named(ComponentKind.Evaluator)} declares that it rates nothing");
            if (evaluator.NeedsSupernet && (strategy is null || !phases.Contains(PhaseNames.Supernet)))
                yield return new(ComponentKind.Evaluator, $"{Named(ComponentKind.Evaluator)} rates with a trained supernet: " +
                    (strategy is null ? "select a [supervision] strategy and " : "") + $"put '{PhaseNames.Supernet}' before '{PhaseNames.Search}' in [pipeline] phases");
            else if (evaluator.CheckCompatible(space, evaluator.NeedsSupernet ? strategy : null) is { } evaluatorWhy)
                yield return new(ComponentKind.Evaluator, strategy is not null && evaluator.NeedsSupernet
                    ? $"{Named(ComponentKind.Evaluator)} cannot rate what {Named(ComponentKind.Supervision)} trains on {Named(ComponentKind.SearchSpace)}: {evaluatorWhy}"
                    : $"{Named(ComponentKind.Evaluator)} cannot rate {Named(ComponentKind.SearchSpace)}: {evaluatorWhy}");
        }
        var stages = strategy?.PlanStages(space) ?? [];
        if (searcher is not null && evaluator is not null && searcher.CheckCompatible(space, strategy, evaluator) is { } searcherWhy)
            yield return new(ComponentKind.Searcher, $"{Named(ComponentKind.Searcher)} cannot work with " +
                (strategy is null ? "" : $"{Named(ComponentKind.Supervision)} and ") + $"{Named(ComponentKind.Evaluator)}: {searcherWhy}");
        if (searcher is not null && !searcher.FixesBlocks && stages.FirstOrDefault(st => st.NeedsFixedPrefix) is { } needing)
            yield return new(ComponentKind.Searcher, $"{Named(ComponentKind.Searcher)} fixes no block at stage ends, but " +
                $"{Named(ComponentKind.Supervision)} trains stage {needing.Name} on top of the blocks fixed before it; " +
                "use a block-wise searcher such as greedy_blockwise");
        if (strategy is ITeacherStudent && phases.Contains(PhaseNames.Supernet) && !phases.Contains(PhaseNames.Teacher))
            yield return new(ComponentKind.Supervision, $"{Named(ComponentKind.Supervision)} distils from a teacher: " +
                $"put '{PhaseNames.Teacher}' before '{PhaseNames.Supernet}' in [pipeline] phases (and its budget in [teacher])");
        if (strategy is not null && strategy is not ITeacherStudent && phases.Contains(PhaseNames.Teacher))
            yield return new(ComponentKind.Supervision, $"[pipeline] phases has '{PhaseNames.Teacher}', but {Named(ComponentKind.Supervision)} " +
                "distils from no teacher; leave the phase out");
        var known = viewPipelines.Concat([ViewPipelineNames.Supervised, ViewPipelineNames.Byol, ViewPipelineNames.CropFlip]).ToHashSet();
        foreach (var stage in stages)
        {
            var pipeline = strategy!.Views(stage).Pipeline;
            if (!known.Contains(pipeline))
                yield return new(ComponentKind.Supervision, $"stage {stage.Name} asks for view pipeline '{pipeline}', which no plugin " +
                    $"registers{Names.DidYouMean(pipeline, known)}; known: {string.Join(", ", known.Order())}");
        }
    }
}
