namespace BossNas.Plugins.Searchers;

/// <summary>
/// What <see cref="EvolutionSearcher"/> saves after each generation: the next generation to rate, its population
/// (drawn, not yet rated), the elitist top-k with scores, and every architecture ever proposed for rating. The random
/// stream is the host's (<c>Run.Rng["search"]</c>), checkpointed with it.
/// </summary>
/// <param name="Generation">Index of the next generation to rate.</param>
/// <param name="Population">The next generation's architectures.</param>
/// <param name="TopK">The best architectures so far with their scores, best first.</param>
/// <param name="Visited">Every architecture put in a population so far.</param>
public sealed record EvolutionState(int Generation, List<string> Population, List<ScoredArchitecture> TopK, List<string> Visited);

