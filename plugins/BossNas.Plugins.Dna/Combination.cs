namespace BossNas.Plugins.Dna;

/// <summary>A choice per block with its summed score and cost.</summary>
/// <param name="Choices">The index of the chosen candidate in each block's list.</param>
/// <param name="Score">Sum of the block scores.</param>
/// <param name="MAdds">Fixed MAdds plus the chosen candidates'.</param>
/// <param name="Params">Fixed parameters plus the chosen candidates'.</param>
public sealed record Combination(IReadOnlyList<int> Choices, double Score, double MAdds, double Params);
