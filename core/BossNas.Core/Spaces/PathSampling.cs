namespace BossNas.Core.Spaces;

/// <summary>How a strategy draws the paths it trains in one step.</summary>
public enum PathSampling
{
    /// <summary>Distinct candidate paths drawn uniformly without replacement.</summary>
    Uniform,

    /// <summary>
    /// FairNAS strict fairness: for every layer a random permutation of its ops, so each op of each layer is
    /// used exactly once per set of paths (as many paths as ops per layer).
    /// </summary>
    StrictFair,
}
