using BossNas.Core.Architectures;

namespace BossNas.Core.Searching;

/// <summary>Budget constraints on the searched architecture.</summary>
/// <param name="MaxMAdds">Upper bound on MAdds, or null.</param>
/// <param name="MaxParams">Upper bound on parameters, or null.</param>
public sealed record CostLimits(double? MaxMAdds, long? MaxParams)
{
    /// <summary>No limits.</summary>
    public static CostLimits None { get; } = new(null, null);

    /// <summary>True when neither bound is set.</summary>
    public bool IsUnlimited => MaxMAdds is null && MaxParams is null;

    /// <summary>True when <paramref name="cost"/> is within the limits.</summary>
    public bool Allows(Cost cost) =>
        (MaxMAdds is null || cost.MAdds <= MaxMAdds) && (MaxParams is null || cost.Params <= MaxParams);

    /// <summary>Limits from options where 0 means "no bound".</summary>
    public static CostLimits FromOptions(double maxMAdds, double maxParams) =>
        new(maxMAdds > 0 ? maxMAdds : null, maxParams > 0 ? (long)maxParams : null);
}
