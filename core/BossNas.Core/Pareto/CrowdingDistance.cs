namespace BossNas.Core.Pareto;

/// <summary>
/// NSGA-II's crowding distance (Deb et al. 2002, section III-B): per objective, the front is sorted by it; the two
/// boundary solutions get an infinite distance and every other one adds the gap between its two neighbours divided by
/// the objective's range over the front. An objective with no range (the same value throughout the front) adds
/// nothing, not even boundaries. A larger distance is a lonelier solution, preferred to keep the front spread out.
/// </summary>
public static class CrowdingDistance
{
    /// <summary>The distance of each member of <paramref name="front"/>, in the order of <paramref name="front"/>.</summary>
    /// <param name="objectives">Objective vectors of all solutions (every objective minimised).</param>
    /// <param name="front">Indices into <paramref name="objectives"/> of one front.</param>
    public static double[] Of(IReadOnlyList<IReadOnlyList<double>> objectives, IReadOnlyList<int> front)
    {
        int n = front.Count;
        var distance = new double[n];
        if (n == 0) return distance;
        if (n <= 2)
        {
            Array.Fill(distance, double.PositiveInfinity);
            return distance;
        }
        int m = objectives[front[0]].Count;
        for (int k = 0; k < m; k++)
        {
            // Stable order: equal values keep the front's order, so the result does not depend on the sort's whims.
            var order = Enumerable.Range(0, n).OrderBy(i => objectives[front[i]][k]).ThenBy(i => i).ToArray();
            double min = objectives[front[order[0]]][k], max = objectives[front[order[^1]]][k];
            double range = max - min;
            // A constant objective has no boundary: which members sort first would be arbitrary.
            if (range <= 0) continue;
            distance[order[0]] = double.PositiveInfinity;
            distance[order[^1]] = double.PositiveInfinity;
            for (int j = 1; j < n - 1; j++)
                distance[order[j]] += (objectives[front[order[j + 1]]][k] - objectives[front[order[j - 1]]][k]) / range;
        }
        return distance;
    }
}
