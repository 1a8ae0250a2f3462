namespace BossNas.Plugins.ZeroCost.Vote;

/// <summary>
/// The pairwise majority vote as one score per candidate: for each pair, each member proxy votes for the candidate it
/// scores higher (none on a tie); the pair's majority wins the pair, a split vote gives each half. A candidate's score
/// is the share of the other candidates it wins against (a normalised Copeland score).
/// </summary>
public static class MajorityVote
{
    /// <summary>
    /// The vote scores of <c>n</c> candidates from <paramref name="memberScores"/> (one list of <c>n</c> scores per
    /// member, higher better), each in [0, 1]; a lone candidate scores 0.5.
    /// </summary>
    /// <exception cref="ArgumentException">No member, or members of different lengths.</exception>
    public static double[] Scores(IReadOnlyList<IReadOnlyList<double>> memberScores)
    {
        if (memberScores.Count == 0) throw new ArgumentException("a vote needs at least one member", nameof(memberScores));
        int n = memberScores[0].Count;
        if (memberScores.Any(s => s.Count != n)) throw new ArgumentException("every member scores every candidate", nameof(memberScores));
        var wins = new double[n];
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                int forI = 0, forJ = 0;
                foreach (var s in memberScores)
                {
                    if (s[i] > s[j]) forI++;
                    else if (s[j] > s[i]) forJ++;
                }
                if (forI > forJ) wins[i] += 1;
                else if (forJ > forI) wins[j] += 1;
                else { wins[i] += 0.5; wins[j] += 0.5; }
            }
        return n == 1 ? [0.5] : wins.Select(w => w / (n - 1)).ToArray();
    }
}
