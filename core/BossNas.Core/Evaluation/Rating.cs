using BossNas.Core.Architectures;

namespace BossNas.Core.Evaluation;

/// <summary>The score of one candidate: a block path given a prefix, or a whole architecture.</summary>
/// <param name="Candidate">What was rated.</param>
/// <param name="Score">Its score; see <see cref="IEvaluator.LowerIsBetter"/>.</param>
/// <param name="Cost">
/// Cost of the candidate: of the whole architecture, or of the prefix plus the path plus the cheapest completion of
/// the later blocks (<see cref="Spaces.CheapestCompletion"/>). Evaluators may leave it null; the host fills it in
/// before ratings reach a searcher or the run folder.
/// </param>
/// <param name="Costs">
/// The value of every cost metric the run records (<c>[pipeline] cost_metrics</c>), by name, for the same architecture
/// as <paramref name="Cost"/>. The host fills it in; evaluators leave it null.
/// </param>
public sealed record Rating(Candidate Candidate, double Score, Cost? Cost = null, IReadOnlyDictionary<string, double>? Costs = null)
{
    /// <summary>The rated block, or null for a whole architecture.</summary>
    public int? Block => Candidate.Block;

    /// <summary>The candidate path of a block rating, or null for a whole architecture.</summary>
    public BlockPath? Path => Candidate.Path;

    /// <summary>The rating of <paramref name="path"/> for <paramref name="block"/> after <paramref name="prefix"/>.</summary>
    public static Rating ForBlock(int block, Architecture prefix, BlockPath path, double score, Cost? cost = null) =>
        new(Candidate.OfBlock(block, prefix, path), score, cost);

    /// <summary>The rating of a whole architecture.</summary>
    public static Rating ForArchitecture(Architecture architecture, double score, Cost? cost = null) =>
        new(Candidate.Whole(architecture), score, cost);
}
