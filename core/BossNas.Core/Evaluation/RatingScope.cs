namespace BossNas.Core.Evaluation;

/// <summary>What an evaluator can rate.</summary>
[Flags]
public enum RatingScope
{
    /// <summary>Nothing (not a valid evaluator).</summary>
    None = 0,

    /// <summary>Candidate paths of one block given the fixed blocks before it.</summary>
    BlockPaths = 1,

    /// <summary>Whole architectures.</summary>
    Architectures = 2,
}
