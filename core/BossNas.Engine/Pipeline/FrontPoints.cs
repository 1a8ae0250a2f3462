namespace BossNas.Engine.Pipeline;

/// <summary>
/// The points of a two-objective front (score against one cost) worth training: the cheapest end, the best end, and the
/// knee between them — after scaling both objectives to [0, 1] over the front, the point farthest from the straight line
/// joining the two ends (the usual distance-to-chord knee), where a little more cost buys the most score.
/// </summary>
internal static class FrontPoints
{
    /// <summary>The front's point farthest from the chord between its ends.</summary>
    public const string Knee = "knee";

    /// <summary>The front's lowest-cost end.</summary>
    public const string Cheapest = "cheapest";

    /// <summary>The front's best-scored end.</summary>
    public const string Best = "best";

    /// <summary>Every point name (the phase trains them in the order <c>[retrain] front_points</c> lists them).</summary>
    public static IReadOnlyList<string> Names { get; } = [Knee, Cheapest, Best];

    /// <summary>
    /// Picks <paramref name="wanted"/> from a front given as (cost, score) with lower cost better and the score in
    /// <paramref name="scoreLowerIsBetter"/>'s direction; returns each wanted name with the index of its point. The front
    /// must be non-dominated in these two objectives. No knee is named for a front of fewer than three points (it would
    /// be one of the ends).
    /// </summary>
    public static List<(string Name, int Index)> Pick(IReadOnlyList<(double Cost, double Score)> front, bool scoreLowerIsBetter,
        IEnumerable<string> wanted)
    {
        var picked = new List<(string, int)>();
        if (front.Count == 0) return picked;
        // Both objectives as "lower is better".
        var pts = front.Select(p => (X: p.Cost, Y: scoreLowerIsBetter ? p.Score : -p.Score)).ToList();
        int cheapest = Enumerable.Range(0, pts.Count).MinBy(i => (pts[i].X, pts[i].Y));
        int best = Enumerable.Range(0, pts.Count).MinBy(i => (pts[i].Y, pts[i].X));
        foreach (var name in wanted)
        {
            if (name == Cheapest) picked.Add((name, cheapest));
            else if (name == Best) picked.Add((name, best));
            else if (name == Knee && KneeOf(pts, cheapest, best) is { } k) picked.Add((name, k));
        }
        return picked;
    }

    private static int? KneeOf(List<(double X, double Y)> pts, int a, int b)
    {
        if (pts.Count < 3 || a == b) return null;
        double x0 = pts.Min(p => p.X), x1 = pts.Max(p => p.X), y0 = pts.Min(p => p.Y), y1 = pts.Max(p => p.Y);
        (double, double) Scaled((double X, double Y) p) => ((p.X - x0) / Math.Max(x1 - x0, 1e-300), (p.Y - y0) / Math.Max(y1 - y0, 1e-300));
        var (ax, ay) = Scaled(pts[a]);
        var (bx, by) = Scaled(pts[b]);
        double length = Math.Sqrt((bx - ax) * (bx - ax) + (by - ay) * (by - ay));
        int? knee = null;
        double farthest = 0;
        for (int i = 0; i < pts.Count; i++)
        {
            if (i == a || i == b) continue;
            var (px, py) = Scaled(pts[i]);
            // Below the chord (towards the ideal corner): the cross product's sign; points above it are no knee.
            double d = ((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length;
            if (d > farthest) (knee, farthest) = (i, d);
        }
        return knee;
    }
}
