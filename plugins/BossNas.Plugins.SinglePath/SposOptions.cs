using BossNas.Core.Components;

namespace BossNas.Plugins.SinglePath;

/// <summary>Options of <see cref="SposStrategy"/> (defaults: the public SPOS code where it applies).</summary>
public sealed class SposOptions : IValidatableOptions
{
    /// <summary>Label smoothing ε of the cross-entropy (SPOS: 0.1).</summary>
    [Help("label smoothing of the cross-entropy (SPOS: 0.1)")]
    [Range(0, 0.5)]
    public double LabelSmoothing { get; set; } = 0.1;

    /// <summary>
    /// How the path of a step is drawn: <c>uniform</c> (one op per layer uniformly: the BN-NAS repository's SPOS
    /// baseline) or <c>flops_bins</c> (the official SPOS code: a MAdds bin uniformly, then uniform paths rejected until
    /// one falls in it).
    /// </summary>
    [Help("path sampling: uniform (BN-NAS's SPOS baseline) or flops_bins (official SPOS: a MAdds bin uniformly, then rejection sampling)")]
    [OneOf("uniform", "flops_bins")]
    public string Sampling { get; set; } = "uniform";

    /// <summary>Number of equal-width MAdds bins (SPOS: 7 bins of 10M between 290M and 360M).</summary>
    [Help("flops_bins: number of equal-width MAdds bins (SPOS: 7)")]
    [Range(1, 1000)]
    public int Bins { get; set; } = 7;

    /// <summary>Lower edge of the first bin in MAdds (0 = the smallest architecture's MAdds).</summary>
    [Help("flops_bins: lower MAdds edge of the bins (SPOS: 290e6; 0 = the smallest architecture's)")]
    [Range(0, 1e15)]
    public double BinMin { get; set; }

    /// <summary>Upper edge of the last bin in MAdds (0 = the largest architecture's MAdds).</summary>
    [Help("flops_bins: upper MAdds edge of the bins (SPOS: 360e6; 0 = the largest architecture's)")]
    [Range(0, 1e15)]
    public double BinMax { get; set; }

    /// <summary>Rejections before an unconstrained uniform path is used (SPOS: 500).</summary>
    [Help("flops_bins: rejected draws before an unconstrained uniform path is taken (SPOS: 500)")]
    [Range(1, 1000000)]
    public int Timeout { get; set; } = 500;

    /// <summary>Initialisation of the supernet's convolutions: <c>space</c> (the space's own) or <c>he_fan_out</c>.</summary>
    [Help("supernet conv init: space (the space's own) or he_fan_out (N(0, sqrt(2 / (k*k*C_out))), ABS/BN-NAS)")]
    [OneOf("space", "he_fan_out")]
    public string ConvInit { get; set; } = "space";

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (BinMin > 0 && BinMax > 0 && BinMax <= BinMin) yield return ("bin_max", "must exceed bin_min");
    }
}
