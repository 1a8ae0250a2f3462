namespace BossNas.Core.Pareto;

/// <summary>
/// NSGA-II's fast non-dominated sorting (Deb et al. 2002, section III-A): the first front holds the solutions no other
/// dominates, the second those dominated only by the first, and so on. With violations, dominance is Deb's constrained
/// dominance (<see cref="Dominance.ConstrainedDominates"/>), so every feasible solution is ranked before every infeasible
/// one and infeasible ones are ranked by their violation.
/// </summary>
public static class NonDominatedSorting
{
    /// <summary>The fronts as indices into <paramref name="objectives"/>, best first, each front in ascending index order.</summary>
    /// <param name="objectives">One vector per solution, every objective minimised, all of one length.</param>
    /// <param name="violations">Total constraint violation per solution (0 = feasible), or null when there are no constraints.</param>
    /// <exception cref="ArgumentException">The violations do not match the solutions.</exception>
    public static List<List<int>> Fronts(IReadOnlyList<IReadOnlyList<double>> objectives, IReadOnlyList<double>? violations = null)
    {
        int n = objectives.Count;
        if (violations is not null && violations.Count != n)
            throw new ArgumentException($"{violations.Count} violations for {n} solutions", nameof(violations));
        bool Dominates(int a, int b) => violations is null
            ? Dominance.Dominates(objectives[a], objectives[b])
            : Dominance.ConstrainedDominates(objectives[a], violations[a], objectives[b], violations[b]);
        var dominated = new List<int>[n]; // S_p: the solutions p dominates
        var count = new int[n];           // n_p: how many solutions dominate p
        for (int p = 0; p < n; p++) dominated[p] = new List<int>();
        for (int p = 0; p < n; p++)
            for (int q = p + 1; q < n; q++)
            {
                if (Dominates(p, q)) { dominated[p].Add(q); count[q]++; }
                else if (Dominates(q, p)) { dominated[q].Add(p); count[p]++; }
            }
        var fronts = new List<List<int>>();
        var current = Enumerable.Range(0, n).Where(p => count[p] == 0).ToList();
        while (current.Count > 0)
        {
            fronts.Add(current);
            var next = new List<int>();
            foreach (int p in current)
                foreach (int q in dominated[p])
                    if (--count[q] == 0) next.Add(q);
            next.Sort();
            current = next;
        }
        return fronts;
    }

    /// <summary>The rank of every solution: 0 for the first front, 1 for the second, ...</summary>
    public static int[] Ranks(IReadOnlyList<IReadOnlyList<double>> objectives, IReadOnlyList<double>? violations = null)
    {
        var ranks = new int[objectives.Count];
        var fronts = Fronts(objectives, violations);
        for (int f = 0; f < fronts.Count; f++)
            foreach (int i in fronts[f]) ranks[i] = f;
        return ranks;
    }

    /// <summary>The non-dominated solutions (the first front), ascending indices; empty for no solutions.</summary>
    public static List<int> FirstFront(IReadOnlyList<IReadOnlyList<double>> objectives) =>
        Fronts(objectives) is { Count: > 0 } fronts ? fronts[0] : new List<int>();
}
