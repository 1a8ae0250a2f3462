namespace BossNas.Plugins.Searchers;

/// <summary>
/// What <see cref="CoarseToFineSearcher"/> saves at each checkpoint. The random stream is the host's
/// (<c>Run.Rng["search"]</c>), checkpointed with it.
/// </summary>
/// <param name="CoarseRated">Grid architectures rated so far (the grid is recomputed from the space on resume).</param>
/// <param name="MutationsRated">Mutants rated so far in the fine stage.</param>
/// <param name="Best">The best architecture so far and its score (null before any rating).</param>
/// <param name="Visited">Every architecture rated so far.</param>
/// <param name="FineEnded">Whether the fine stage stopped early for want of a legal unrated mutant.</param>
public sealed record CoarseToFineState(int CoarseRated, int MutationsRated, ScoredArchitecture? Best, List<string> Visited, bool FineEnded = false);
