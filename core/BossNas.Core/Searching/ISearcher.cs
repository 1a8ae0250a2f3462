using BossNas.Core.Architectures;
using BossNas.Core.Evaluation;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;

namespace BossNas.Core.Searching;

/// <summary>
/// Turns ratings into an architecture. The host calls <see cref="OnStageEnd"/> after each supernet training stage
/// (a greedy block-wise searcher rates and fixes block b before stage b+1 trains on top of it), then
/// <see cref="Search"/> once supernet training is over (an evolutionary searcher runs its generations there).
/// The searcher's own state is saved in every checkpoint and restored on resume.
/// </summary>
public interface ISearcher
{
    /// <summary>
    /// A reason why this searcher cannot search with this combination (e.g. a block-wise searcher with a strategy
    /// that trains the whole network at once, or an evaluator that cannot rate what it asks for), or null.
    /// Checked by <c>bossnas validate</c> and before any tensor is allocated.
    /// </summary>
    string? CheckCompatible(ISearchSpace space, ISupervisionStrategy? strategy, IEvaluator evaluator);

    /// <summary>
    /// Whether <see cref="OnStageEnd"/> fixes the path of each block-wise stage's block, which strategies whose stages
    /// need a fixed prefix (<see cref="StageSpec.NeedsFixedPrefix"/>) require; the host checks the pair.
    /// </summary>
    bool FixesBlocks => false;

    /// <summary>
    /// The caps the searcher keeps the found architecture within (none by default). The host checks that every metric
    /// of <see cref="CostLimits.Caps"/> is one the run records, so a searcher can read it for any candidate.
    /// </summary>
    CostLimits Limits => CostLimits.None;

    /// <summary>
    /// Called after supernet stage <paramref name="stage"/>; returns the fixed prefix the next stages train on (the
    /// input prefix when the searcher fixes nothing at this point).
    /// </summary>
    Architecture OnStageEnd(StageSpec stage, Architecture fixedPrefix, SearchContext context) => fixedPrefix;

    /// <summary>
    /// The final architecture, once supernet training is over. <paramref name="fixedPrefix"/> holds the blocks
    /// fixed at stage ends (empty when none were). Resumed runs call it again after <see cref="LoadState"/>.
    /// </summary>
    Architecture Search(Architecture fixedPrefix, SearchContext context);

    /// <summary>The searcher's state as text (JSON), or null when it keeps none between calls.</summary>
    string? SaveState() => null;

    /// <summary>Restores a state written by <see cref="SaveState"/>.</summary>
    void LoadState(string state)
    {
    }
}
