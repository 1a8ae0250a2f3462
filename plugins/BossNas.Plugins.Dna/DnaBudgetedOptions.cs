using BossNas.Core.Components;

namespace BossNas.Plugins.Dna;

/// <summary>Options of <see cref="DnaBudgetedSearcher"/>.</summary>
public sealed class DnaBudgetedOptions
{
    /// <summary>Upper bound on the found architecture's MAdds (0 = none; the public code: 460M FLOPs).</summary>
    [Help("upper bound on MAdds of the found architecture (0 = none)")]
    [Range(0, 1e15)]
    public double MaxMadds { get; set; }

    /// <summary>Upper bound on the found architecture's parameters (0 = none).</summary>
    [Help("upper bound on parameters of the found architecture (0 = none)")]
    [Range(0, 1e15)]
    public double MaxParams { get; set; }

    /// <summary>How many of the best combinations the report lists.</summary>
    [Help("best combinations written to dna_top.csv and the log")]
    [Range(1, 1000)]
    public int TopK { get; set; } = 5;

    /// <summary>Candidates rated per block: 0 = all of them; otherwise a uniform sample of this many distinct paths.</summary>
    [Help("candidate paths rated per block: 0 = every path, else a uniform sample of this many (blocks with very many paths)")]
    [Range(0, 1_000_000)]
    public int MaxPathsPerBlock { get; set; }
}
