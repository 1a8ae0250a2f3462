using BossNas.Core.Components;

namespace BossNas.Plugins.Searchers;

/// <summary>Options of <see cref="GreedyBlockwiseSearcher"/>.</summary>
public sealed class GreedyBlockwiseOptions
{
    /// <summary>Upper bound on the final architecture's MAdds (0 = none).</summary>
    [Help("upper bound on MAdds of the final architecture (0 = none)")]
    [Range(0, 1e15)]
    public double MaxMadds { get; set; }

    /// <summary>Upper bound on the final architecture's parameters (0 = none).</summary>
    [Help("upper bound on parameters of the final architecture (0 = none)")]
    [Range(0, 1e15)]
    public double MaxParams { get; set; }
}
