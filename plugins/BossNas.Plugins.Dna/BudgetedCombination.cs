namespace BossNas.Plugins.Dna;

/// <summary>
/// DNA's search under a cost cap (as its public code searches): one candidate per block, summed scores (lower is
/// better), the cost of the whole a fixed part plus the candidates' shares. Each block's list is sorted by score; a
/// depth-first traversal over the blocks skips a candidate whose cost, with the cheapest completions of the later
/// blocks, exceeds the cap, and stops a block's list as soon as its score, with the best scores of the later blocks,
/// can no longer enter the k best. Unlike the public code's cascading bounds (a heuristic that is not reset when an
/// outer index changes), this is exact: it returns the k best feasible combinations.
/// </summary>
public static class BudgetedCombination
{
    /// <summary>
    /// The <paramref name="k"/> best combinations within the caps, best first (ties by the block choices in the lists'
    /// order); empty when none fits.
    /// </summary>
    /// <param name="blocks">Per block, its candidates.</param>
    /// <param name="fixedMAdds">MAdds of everything no block chooses.</param>
    /// <param name="fixedParams">Parameters of everything no block chooses.</param>
    /// <param name="maxMAdds">Cap on the total MAdds, or null.</param>
    /// <param name="maxParams">Cap on the total parameters, or null.</param>
    /// <param name="k">How many combinations to return.</param>
    public static IReadOnlyList<Combination> Best(IReadOnlyList<IReadOnlyList<BlockChoice>> blocks, double fixedMAdds, double fixedParams,
        double? maxMAdds, double? maxParams, int k)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k));
        if (blocks.Any(b => b.Count == 0)) return Array.Empty<Combination>();
        int n = blocks.Count;
        var order = blocks.Select(b => Enumerable.Range(0, b.Count).OrderBy(i => b[i].Score).ThenBy(i => i).ToArray()).ToArray();
        // Lower bounds of the blocks from b on: best score, cheapest MAdds, fewest parameters (each on its own).
        var restScore = new double[n + 1];
        var restMAdds = new double[n + 1];
        var restParams = new double[n + 1];
        for (int b = n - 1; b >= 0; b--)
        {
            restScore[b] = restScore[b + 1] + blocks[b].Min(c => c.Score);
            restMAdds[b] = restMAdds[b + 1] + blocks[b].Min(c => c.MAdds);
            restParams[b] = restParams[b + 1] + blocks[b].Min(c => c.Params);
        }
        var best = new List<Combination>();
        var choice = new int[n];

        void Visit(int b, double score, double madds, double parameters)
        {
            if (b == n)
            {
                Insert(best, new Combination(choice.ToArray(), score, madds, parameters), k);
                return;
            }
            foreach (int i in order[b])
            {
                var c = blocks[b][i];
                double s = score + c.Score;
                // Sorted by score: once this candidate cannot enter the k best, no later one of the list can.
                if (best.Count == k && s + restScore[b + 1] > best[^1].Score) break;
                double m = madds + c.MAdds, p = parameters + c.Params;
                if (maxMAdds is { } cm && m + restMAdds[b + 1] > cm) continue;
                if (maxParams is { } cp && p + restParams[b + 1] > cp) continue;
                choice[b] = i;
                Visit(b + 1, s, m, p);
            }
        }

        Visit(0, 0, fixedMAdds, fixedParams);
        return best;
    }

    private static void Insert(List<Combination> best, Combination c, int k)
    {
        int at = best.FindIndex(x => Compare(c, x) < 0);
        if (at < 0) at = best.Count;
        if (at >= k) return;
        best.Insert(at, c);
        if (best.Count > k) best.RemoveAt(best.Count - 1);
    }

    /// <summary>Orders by score, then by the choices lexicographically.</summary>
    public static int Compare(Combination a, Combination b)
    {
        int s = a.Score.CompareTo(b.Score);
        if (s != 0) return s;
        for (int i = 0; i < a.Choices.Count; i++)
        {
            int c = a.Choices[i].CompareTo(b.Choices[i]);
            if (c != 0) return c;
        }
        return 0;
    }
}
