using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;

namespace BossNas.Plugins.ZeroCost.Vote;

/// <summary>
/// Abdelfattah et al. (ICLR'21)'s <c>vote</c>: a pairwise majority vote of member proxies (by default synflow, jacov and
/// nwot), scored by <see cref="MajorityVote"/>. A score is relative to the candidates rated in the same call: the same
/// architecture scores differently in other company.
/// </summary>
[Component(ComponentKind.Evaluator, "vote", typeof(VoteOptions),
    Description = "zero-cost: pairwise majority vote of proxies (default synflow, jacov, nwot); share of the candidates rated together it beats")]
public sealed class VoteEvaluator : IEvaluator
{
    private readonly IReadOnlyList<IEvaluator> _members;

    /// <summary>Builds the member proxies named in <paramref name="options"/>.</summary>
    public VoteEvaluator(VoteOptions options) : this(options.Members.Select(m => (IEvaluator)ProxyCatalog.Create(m, options.Images)).ToList())
    {
    }

    /// <summary>A vote of given whole-architecture evaluators (tests give proxies with known orders).</summary>
    internal VoteEvaluator(IReadOnlyList<IEvaluator> members)
    {
        if (members.Count == 0) throw new ArgumentException("a vote needs members", nameof(members));
        _members = members;
    }

    /// <inheritdoc />
    public bool LowerIsBetter => false;

    /// <inheritdoc />
    public RatingScope Scope => RatingScope.Architectures;

    /// <inheritdoc />
    /// <remarks>True only when a member needs one.</remarks>
    public bool NeedsSupernet => _members.Any(m => m.NeedsSupernet);

    /// <summary>The first member's reason, if any.</summary>
    public string? CheckCompatible(ISearchSpace space, ISupervisionStrategy? strategy) =>
        _members.Select(m => m.CheckCompatible(space, strategy)).FirstOrDefault(why => why is not null);

    /// <summary>Each candidate's share of pairwise majority wins among <paramref name="candidates"/>, in candidate order.</summary>
    public IReadOnlyList<Rating> RateArchitectures(IReadOnlyList<Architecture> candidates, EvaluationContext context)
    {
        var scores = _members.Select(m =>
        {
            var ratings = m.RateArchitectures(candidates, context);
            // Votes compare "better", so a loss-like member is turned around.
            return (IReadOnlyList<double>)ratings.Select(r => m.LowerIsBetter ? -r.Score : r.Score).ToList();
        }).ToList();
        var votes = MajorityVote.Scores(scores);
        return candidates.Select((a, i) => Rating.ForArchitecture(a, votes[i])).ToList();
    }
}
