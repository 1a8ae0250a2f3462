namespace BossNas.Core.Pareto;

/// <summary>
/// The hypervolume indicator of two objectives: the area dominated by a set of points and bounded by a reference point,
/// both objectives minimised. A front that reaches a given fraction of another front's hypervolume covers that much of
/// the trade-offs the other reaches.
/// </summary>
public static class Hypervolume
{
    /// <summary>
    /// The area of the region that some point of <paramref name="points"/> dominates and that dominates
    /// <paramref name="reference"/>; points not better than the reference in both objectives add nothing.
    /// </summary>
    public static double Of2D(IEnumerable<(double X, double Y)> points, (double X, double Y) reference)
    {
        var inside = points.Where(p => p.X < reference.X && p.Y < reference.Y).OrderBy(p => p.X).ThenBy(p => p.Y).ToList();
        double area = 0, ceiling = reference.Y;
        foreach (var (x, y) in inside)
        {
            // Sorted by x, a point adds the strip between its own y and the lowest y seen so far, out to the reference.
            if (y >= ceiling) continue;
            area += (reference.X - x) * (ceiling - y);
            ceiling = y;
        }
        return area;
    }
}
