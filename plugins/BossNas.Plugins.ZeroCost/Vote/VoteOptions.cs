using BossNas.Core.Components;

namespace BossNas.Plugins.ZeroCost.Vote;

/// <summary>Options of the <c>vote</c> evaluator.</summary>
public sealed class VoteOptions : IValidatableOptions, ISmokeProfile
{
    /// <summary>The proxies that vote (Abdelfattah et al.'s vote with NASWOT in place of SNIP, as the issue asks: synflow, jacov, nwot).</summary>
    [Help("the zero-cost proxies that vote on each pair of candidates (an odd number avoids split votes)")]
    public List<string> Members { get; set; } = ["synflow", "jacov", "nwot"];

    /// <summary>Images each member that scores a minibatch takes (see <see cref="ProxyDataOptions.Images"/>).</summary>
    [Help("images in the minibatch each member that scores data takes from the start of the labelled rating data")]
    [Range(2, 100000)]
    public int Images { get; set; } = 64;

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Members.Count < 2) yield return ("members", "a vote needs at least 2 proxies");
        foreach (var m in Members.Where(m => !ProxyCatalog.Names.Contains(m)))
            yield return ("members", $"'{m}' is not a zero-cost proxy; known: {string.Join(", ", ProxyCatalog.Names)}");
        foreach (var m in Members.GroupBy(m => m).Where(g => g.Count() > 1))
            yield return ("members", $"'{m.Key}' is listed twice (it would cast two votes)");
    }

    /// <inheritdoc />
    public void UseSmokeProfile() => Images = 8;
}
