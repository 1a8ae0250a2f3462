using BossNas.Core.Architectures;
using BossNas.Core.Evaluation;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;

namespace BossNas.Plugins.Searchers.Tests;

/// <summary>Scores an architecture by a hash of its encoding (no tensors; higher is better), counting every rating.</summary>
internal sealed class HashEvaluator : IEvaluator
{
    /// <summary>Every architecture rated, in order.</summary>
    public List<Architecture> Rated { get; } = new();

    public bool LowerIsBetter => false;

    public RatingScope Scope => RatingScope.Architectures;

    public string? CheckCompatible(ISearchSpace space, ISupervisionStrategy? strategy) => null;

    public IReadOnlyList<Rating> RateArchitectures(IReadOnlyList<Architecture> candidates, EvaluationContext context)
    {
        Rated.AddRange(candidates);
        return candidates.Select(a => Rating.ForArchitecture(a, Score(a))).ToList();
    }

    /// <summary>The FNV-1a hash of the encoding, folded into [0, 1).</summary>
    public static double Score(Architecture a)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in a.ToString()) h = (h ^ c) * 1099511628211UL;
        return h % 10007 / 10007.0;
    }
}
