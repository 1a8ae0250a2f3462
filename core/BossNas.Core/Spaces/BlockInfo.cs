namespace BossNas.Core.Spaces;

/// <summary>One block of a search space: its layers and the choices of each layer.</summary>
/// <param name="Index">Block index, from 0.</param>
/// <param name="ChoiceNames">Per layer, the names of its candidate ops (index = op index).</param>
public sealed record BlockInfo(int Index, IReadOnlyList<IReadOnlyList<string>> ChoiceNames)
{
    /// <summary>Number of layers in the block.</summary>
    public int Layers => ChoiceNames.Count;
}

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
