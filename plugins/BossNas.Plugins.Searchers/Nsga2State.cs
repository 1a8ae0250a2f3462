namespace BossNas.Plugins.Searchers;

/// <summary>
/// One member of an NSGA-II population: its architecture, score (null when it is infeasible and so never rated), the
/// configured cost metrics in <see cref="BossNas.Core.Searching.SearchContext.CostMetrics"/> order, its total constraint
/// violation (0 = within every cap), and the front rank and crowding distance survival gave it.
/// </summary>
public sealed record Nsga2Member(string Architecture, double? Score, double[] Costs, double Violation, int Rank, double Crowding)
{
    /// <summary>Whether it is within every cap.</summary>
    public bool Feasible => Violation <= 0;
}

/// <summary>
/// What <see cref="Nsga2Searcher"/> saves after each generation: the next generation to rate, the parent population
/// with ranks and crowding distances, the offspring drawn for the next generation (not yet rated), and every
/// architecture ever proposed. The random stream is the host's (<c>Run.Rng["search"]</c>), checkpointed with it.
/// </summary>
/// <param name="Generation">Index of the next generation to rate.</param>
/// <param name="Parents">The population that survived the last generation.</param>
/// <param name="Offspring">The next generation's architectures.</param>
/// <param name="Visited">Every architecture put in a generation so far.</param>
public sealed record Nsga2State(int Generation, List<Nsga2Member> Parents, List<string> Offspring, List<string> Visited);
