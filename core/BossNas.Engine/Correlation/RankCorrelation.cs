namespace BossNas.Engine.Correlation;

/// <summary>Kendall tau-b, Spearman rho and Pearson r between two paired samples.</summary>
/// <remarks>
/// A coefficient whose denominator is zero (a constant sample) is <see cref="double.NaN"/>, as in SciPy.
/// </remarks>
public static class RankCorrelation
{
    /// <summary>Computes all three coefficients.</summary>
    /// <param name="x">First sample.</param>
    /// <param name="y">Second sample, paired with <paramref name="x"/> by index.</param>
    /// <returns>The coefficients and the sample size.</returns>
    /// <exception cref="ArgumentException">Lengths differ, fewer than two pairs, or a value is NaN.</exception>
    public static CorrelationResult Compute(IReadOnlyList<double> x, IReadOnlyList<double> y) =>
        new(Check(x, y), KendallTauB(x, y), SpearmanRho(x, y), PearsonR(x, y));

    /// <summary>
    /// Precision of the top <paramref name="fraction"/>: of the k = max(1, round(fraction · n)) architectures rated best,
    /// the share that are among the k most accurate. Higher <paramref name="score"/> means rated better unless
    /// <paramref name="lowerIsBetter"/>; ties at the cut are broken by index, in both rankings.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, fewer than two pairs, or a value is NaN.</exception>
    public static double TopPrecision(IReadOnlyList<double> score, IReadOnlyList<double> truth, double fraction = 0.1, bool lowerIsBetter = false)
    {
        int n = Check(score, truth);
        if (fraction <= 0 || fraction > 1) throw new ArgumentOutOfRangeException(nameof(fraction), "the fraction is in (0, 1]");
        int k = Math.Max(1, (int)Math.Round(fraction * n, MidpointRounding.AwayFromZero));
        var byScore = Enumerable.Range(0, n).OrderBy(i => lowerIsBetter ? score[i] : -score[i]).ThenBy(i => i).Take(k);
        var byTruth = Enumerable.Range(0, n).OrderBy(i => -truth[i]).ThenBy(i => i).Take(k).ToHashSet();
        return byScore.Count(byTruth.Contains) / (double)k;
    }

    /// <summary>
    /// The mean Kendall τ-b within <paramref name="bins"/> groups of similar cost: the pairs are sorted by
    /// <paramref name="cost"/> and cut into equal-sized consecutive groups (the last takes the remainder), τ-b is computed
    /// in each group of at least two pairs whose samples are not constant, and the mean over those groups is returned
    /// (NaN when none). A rating that only knows size scores about 0 here.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, fewer than two pairs, or a value is NaN.</exception>
    public static double WithinBins(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> cost, int bins = 4)
    {
        int n = Check(x, y);
        if (cost.Count != n) throw new ArgumentException($"{cost.Count} costs for {n} pairs", nameof(cost));
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), "at least one bin");
        var order = Enumerable.Range(0, n).OrderBy(i => cost[i]).ThenBy(i => i).ToArray();
        int size = Math.Max(1, n / bins);
        var taus = new List<double>();
        for (int b = 0; b < bins; b++)
        {
            int start = b * size;
            int end = b == bins - 1 ? n : Math.Min(n, start + size);
            if (end - start < 2) continue;
            var idx = order[start..end];
            double tau = KendallTauB(idx.Select(i => x[i]).ToList(), idx.Select(i => y[i]).ToList());
            if (!double.IsNaN(tau)) taus.Add(tau);
        }
        return taus.Count > 0 ? taus.Average() : double.NaN;
    }

    /// <summary>Kendall's tau-b in O(n log n) (Knight's algorithm).</summary>
    /// <param name="x">First sample.</param>
    /// <param name="y">Second sample, paired with <paramref name="x"/> by index.</param>
    /// <returns>tau-b in [-1, 1], or NaN when either sample is constant.</returns>
    /// <exception cref="ArgumentException">Lengths differ, fewer than two pairs, or a value is NaN.</exception>
    public static double KendallTauB(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        int n = Check(x, y);

        // Sort pairs by x, then y: pairs tied in x end up ordered by y, so they never count as swaps below.
        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (a, b) => x[a] != x[b] ? x[a].CompareTo(x[b]) : y[a].CompareTo(y[b]));

        long xTies = 0, jointTies = 0;
        for (int i = 0, xRun = 1, jointRun = 1; i < n; i++)
        {
            bool last = i == n - 1;
            bool sameX = !last && x[order[i]] == x[order[i + 1]];
            bool sameXy = sameX && y[order[i]] == y[order[i + 1]];
            if (sameX) xRun++; else { xTies += Pairs(xRun); xRun = 1; }
            if (sameXy) jointRun++; else { jointTies += Pairs(jointRun); jointRun = 1; }
        }

        // Every swap a stable merge sort of y needs is one discordant pair.
        var ys = new double[n];
        for (int i = 0; i < n; i++) ys[i] = y[order[i]];
        long swaps = MergeSortCountingSwaps(ys, new double[n], 0, n);

        long yTies = 0;
        for (int i = 0, run = 1; i < n; i++)
        {
            if (i < n - 1 && ys[i] == ys[i + 1]) run++; else { yTies += Pairs(run); run = 1; }
        }

        long total = Pairs(n);
        double numerator = total - xTies - yTies + jointTies - 2.0 * swaps;
        return Clamp(numerator / Math.Sqrt((double)(total - xTies) * (total - yTies)));
    }

    /// <summary>Kendall's tau-b by direct O(n²) pair enumeration; a reference for tests.</summary>
    /// <param name="x">First sample.</param>
    /// <param name="y">Second sample, paired with <paramref name="x"/> by index.</param>
    /// <returns>tau-b in [-1, 1], or NaN when either sample is constant.</returns>
    /// <exception cref="ArgumentException">Lengths differ, fewer than two pairs, or a value is NaN.</exception>
    public static double KendallTauBNaive(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        int n = Check(x, y);
        long sum = 0, xTies = 0, yTies = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                int sx = Math.Sign(x[i] - x[j]), sy = Math.Sign(y[i] - y[j]);
                sum += sx * sy;
                if (sx == 0) xTies++;
                if (sy == 0) yTies++;
            }
        }

        long total = Pairs(n);
        return Clamp(sum / Math.Sqrt((double)(total - xTies) * (total - yTies)));
    }

    /// <summary>Spearman's rho: Pearson's r of the average (fractional) ranks, so ties are handled exactly.</summary>
    /// <param name="x">First sample.</param>
    /// <param name="y">Second sample, paired with <paramref name="x"/> by index.</param>
    /// <returns>rho in [-1, 1], or NaN when either sample is constant.</returns>
    /// <exception cref="ArgumentException">Lengths differ, fewer than two pairs, or a value is NaN.</exception>
    public static double SpearmanRho(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        Check(x, y);
        return PearsonR(AverageRanks(x), AverageRanks(y));
    }

    /// <summary>Pearson's product-moment correlation, two-pass (means first) to avoid cancellation.</summary>
    /// <param name="x">First sample.</param>
    /// <param name="y">Second sample, paired with <paramref name="x"/> by index.</param>
    /// <returns>r in [-1, 1], or NaN when either sample is constant.</returns>
    /// <exception cref="ArgumentException">Lengths differ, fewer than two pairs, or a value is NaN.</exception>
    public static double PearsonR(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        int n = Check(x, y);
        double meanX = 0, meanY = 0;
        for (int i = 0; i < n; i++) { meanX += x[i]; meanY += y[i]; }
        meanX /= n;
        meanY /= n;

        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = x[i] - meanX, dy = y[i] - meanY;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }

        return Clamp(sxy / Math.Sqrt(sxx * syy));
    }

    /// <summary>1-based ranks where tied values share the mean of the ranks they span.</summary>
    private static double[] AverageRanks(IReadOnlyList<double> values)
    {
        int n = values.Count;
        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (a, b) => values[a].CompareTo(values[b]));

        var ranks = new double[n];
        for (int start = 0, end; start < n; start = end)
        {
            for (end = start + 1; end < n && values[order[end]] == values[order[start]]; end++) { }
            double rank = (start + end + 1) / 2.0; // mean of the 1-based ranks start+1 .. end
            for (int k = start; k < end; k++) ranks[order[k]] = rank;
        }

        return ranks;
    }

    /// <summary>Sorts <paramref name="a"/>[lo..hi) ascending and returns how many strictly inverted pairs it had.</summary>
    private static long MergeSortCountingSwaps(double[] a, double[] buffer, int lo, int hi)
    {
        if (hi - lo < 2) return 0;
        int mid = (lo + hi) / 2;
        long swaps = MergeSortCountingSwaps(a, buffer, lo, mid) + MergeSortCountingSwaps(a, buffer, mid, hi);

        int i = lo, j = mid, k = lo;
        while (i < mid && j < hi)
        {
            // Taking the left element on equality keeps ties in y from counting as discordant.
            if (a[i] <= a[j]) buffer[k++] = a[i++];
            else { swaps += mid - i; buffer[k++] = a[j++]; }
        }

        while (i < mid) buffer[k++] = a[i++];
        while (j < hi) buffer[k++] = a[j++];
        Array.Copy(buffer, lo, a, lo, hi - lo);
        return swaps;
    }

    private static long Pairs(long count) => count * (count - 1) / 2;

    // Rounding can push a perfect correlation a hair past ±1; NaN passes through unchanged.
    private static double Clamp(double r) => Math.Clamp(r, -1.0, 1.0);

    /// <summary>The number of pairs, after checking the samples are paired, at least two and free of NaN.</summary>
    internal static int Check(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
            throw new ArgumentException($"Samples must have equal lengths, got {x.Count} and {y.Count}.", nameof(y));
        if (x.Count < 2)
            throw new ArgumentException($"Correlation needs at least 2 pairs, got {x.Count}.", nameof(x));
        for (int i = 0; i < x.Count; i++)
        {
            // NaN has no order, so it would silently corrupt the sorts behind the rank coefficients.
            if (double.IsNaN(x[i]) || double.IsNaN(y[i]))
                throw new ArgumentException($"Samples must not contain NaN (pair {i}).", double.IsNaN(x[i]) ? nameof(x) : nameof(y));
        }

        return x.Count;
    }
}
