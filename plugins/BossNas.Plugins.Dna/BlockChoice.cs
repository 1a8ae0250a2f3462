namespace BossNas.Plugins.Dna;

/// <summary>One rated candidate of a block for <see cref="BudgetedCombination"/>: its score and its share of the cost.</summary>
/// <param name="Score">The block score (lower is better).</param>
/// <param name="MAdds">The MAdds this choice adds.</param>
/// <param name="Params">The parameters this choice adds.</param>
public readonly record struct BlockChoice(double Score, double MAdds, double Params);
