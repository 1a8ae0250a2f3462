using BossNas.Core.Components;

namespace BossNas.Plugins.Searchers;

/// <summary>Options of <see cref="RandomBlockSearcher"/>.</summary>
public sealed class RandomSearcherOptions
{
    /// <summary>Rate the chosen candidates anyway (for the report), at the cost of one rating pass per block.</summary>
    [Help("also rate each block's candidates (for the report); the choice stays random")]
    public bool RateForReport { get; set; }
}
