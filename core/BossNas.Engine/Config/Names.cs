using System.Text;

namespace BossNas.Engine.Config;

/// <summary>Name conversions and "did you mean" suggestions for config keys.</summary>
public static class Names
{
    /// <summary><c>WeightDecay</c> → <c>weight_decay</c>.</summary>
    public static string SnakeCase(string pascal)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < pascal.Length; i++)
        {
            char c = pascal[i];
            if (char.IsUpper(c))
            {
                // Acronyms stay together: MaxMAdds → max_madds.
                bool boundary = i > 0 && (char.IsLower(pascal[i - 1]) || char.IsDigit(pascal[i - 1]));
                if (boundary) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>The closest candidate to <paramref name="word"/> by edit distance, if close enough.</summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            int d = Levenshtein(word, c);
            if (d < bestDistance) (best, bestDistance) = (c, d);
        }
        // Allow roughly one typo per three characters.
        return best is not null && bestDistance <= Math.Max(2, word.Length / 3) ? best : null;
    }

    /// <summary>" (did you mean 'x'?)" or empty.</summary>
    public static string DidYouMean(string word, IEnumerable<string> candidates) =>
        Closest(word, candidates) is { } c ? $" (did you mean '{c}'?)" : "";

    private static int Levenshtein(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                cur[j] = Math.Min(sub, Math.Min(prev[j] + 1, cur[j - 1] + 1));
            }
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
