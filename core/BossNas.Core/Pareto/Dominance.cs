namespace BossNas.Core.Pareto;

/// <summary>
/// Pareto dominance between objective vectors in which every objective is minimised (negate one that is maximised,
/// <see cref="Objectives.Minimised"/>), and Deb's constrained dominance (NSGA-II, Deb et al. 2002, section VI).
/// </summary>
public static class Dominance
{
    /// <summary>Whether <paramref name="a"/> is no worse than <paramref name="b"/> in every objective and better in one.</summary>
    /// <exception cref="ArgumentException">The vectors differ in length.</exception>
    public static bool Dominates(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count) throw new ArgumentException($"objective vectors of {a.Count} and {b.Count} objectives", nameof(b));
        bool better = false;
        for (int i = 0; i < a.Count; i++)
        {
            if (a[i] > b[i]) return false;
            if (a[i] < b[i]) better = true;
        }
        return better;
    }

    /// <summary>
    /// Deb's constrained dominance: a feasible solution (violation 0) dominates an infeasible one; of two infeasible ones
    /// the one with the smaller total violation dominates, whatever the objectives; two feasible ones compare by
    /// <see cref="Dominates"/>. Violations are at least 0.
    /// </summary>
    public static bool ConstrainedDominates(IReadOnlyList<double> a, double violationA, IReadOnlyList<double> b, double violationB)
    {
        bool feasibleA = violationA <= 0, feasibleB = violationB <= 0;
        if (feasibleA && feasibleB) return Dominates(a, b);
        if (feasibleA != feasibleB) return feasibleA;
        return violationA < violationB;
    }
}
