using BossNas.Core.Pareto;

namespace BossNas.Plugins.Searchers;

/// <summary>
/// NSGA-II's elitist survival and crowded tournament (Deb et al. 2002, section III-C): parents and offspring are sorted
/// into fronts by constrained dominance, whole fronts fill the next population in rank order, and the front that does
/// not fit whole gives its members of largest crowding distance. Ties are broken by the architecture string, so the
/// result never depends on the order of the input.
/// </summary>
internal static class Nsga2Survival
{
    /// <summary>The objectives of a member, every one minimised: the score (an infeasible member's is unused: 0), then its costs.</summary>
    public static double[] Objectives(Nsga2Member m, bool scoreLowerIsBetter, IReadOnlyList<bool> costLowerIsBetter) =>
        Core.Pareto.Objectives.Of(m.Score ?? 0, scoreLowerIsBetter, m.Costs, costLowerIsBetter);

    /// <summary>
    /// The <paramref name="size"/> survivors of <paramref name="combined"/>, each with the rank of its front and its crowding
    /// distance within that front, best fronts first.
    /// </summary>
    public static List<Nsga2Member> Select(IReadOnlyList<Nsga2Member> combined, int size, bool scoreLowerIsBetter, IReadOnlyList<bool> costLowerIsBetter)
    {
        var members = combined.DistinctBy(m => m.Architecture).OrderBy(m => m.Architecture, StringComparer.Ordinal).ToList();
        var objectives = members.Select(m => (IReadOnlyList<double>)Objectives(m, scoreLowerIsBetter, costLowerIsBetter)).ToList();
        var fronts = NonDominatedSorting.Fronts(objectives, members.Select(m => m.Violation).ToList());
        var survivors = new List<Nsga2Member>();
        for (int rank = 0; rank < fronts.Count && survivors.Count < size; rank++)
        {
            var front = fronts[rank];
            var distance = CrowdingDistance.Of(objectives, front);
            var ranked = front.Select((i, k) => members[i] with { Rank = rank, Crowding = distance[k] });
            if (survivors.Count + front.Count > size)
                ranked = ranked.OrderByDescending(m => m.Crowding).ThenBy(m => m.Architecture, StringComparer.Ordinal).Take(size - survivors.Count);
            survivors.AddRange(ranked);
        }
        return survivors;
    }

    /// <summary>Deb's crowded comparison: the lower rank wins; at equal rank the larger crowding distance; otherwise <paramref name="a"/>.</summary>
    public static Nsga2Member Tournament(Nsga2Member a, Nsga2Member b) =>
        b.Rank < a.Rank || (b.Rank == a.Rank && b.Crowding > a.Crowding) ? b : a;
}
