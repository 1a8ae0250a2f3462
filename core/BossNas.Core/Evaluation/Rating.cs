using BossNas.Core.Architectures;

namespace BossNas.Core.Evaluation;

/// <summary>The score of one candidate path of a block.</summary>
/// <param name="Block">The rated block.</param>
/// <param name="Path">The candidate path.</param>
/// <param name="Score">Its score; see <see cref="IEvaluator.LowerIsBetter"/>.</param>
/// <param name="Cost">Cost of the prefix plus this path (plus the cheapest completion), when known.</param>
public sealed record Rating(int Block, BlockPath Path, double Score, Cost? Cost = null);
