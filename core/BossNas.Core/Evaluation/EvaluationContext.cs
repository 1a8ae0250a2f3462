using BossNas.Core.Architectures;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;

namespace BossNas.Core.Evaluation;

/// <summary>Everything an evaluator may use to rate candidates.</summary>
/// <param name="Space">The search space.</param>
/// <param name="Input">The input shape networks are built for (costs depend on it).</param>
/// <param name="Strategy">The strategy whose trained modules (supernet, heads) the ratings use; null in a run without one.</param>
/// <param name="Data">The fixed rating data.</param>
/// <param name="Run">The run context.</param>
public sealed record EvaluationContext(ISearchSpace Space, InputShape Input, ISupervisionStrategy? Strategy, IRatingData Data, RunContext Run)
{
    /// <summary>
    /// The blocks the search has fixed so far (a block-wise searcher fixes block b at the end of stage b): block b of a
    /// block-wise supernet trained behind <c>SearchedPrefix.Prefix(b)</c> and was rated there. Empty before any.
    /// </summary>
    public Architecture SearchedPrefix { get; init; } = Architecture.Empty;

    /// <summary>
    /// The block ratings this run made at its stage ends on <see cref="Data"/>, each with the prefix it was rated behind
    /// (restored from the run state after a resume). Empty when the data is another rating pass's.
    /// </summary>
    public IReadOnlyList<Rating> StageRatings { get; init; } = Array.Empty<Rating>();
}
