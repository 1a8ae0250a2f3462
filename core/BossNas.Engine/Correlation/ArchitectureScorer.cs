using System.Globalization;
using BossNas.Core.Architectures;
using BossNas.Core.Spaces;

namespace BossNas.Engine.Correlation;

/// <summary>
/// Scores ground-truth architectures from per-block path ratings and correlates score with accuracy,
/// which is how BossNAS measures its ranking quality.
/// </summary>
public static class ArchitectureScorer
{
    /// <summary>Added to every block's loss; BossNAS adds 4 so that each block's term is positive.</summary>
    public const double DefaultBlockOffset = 4.0;

    /// <summary>
    /// Decimals BossNAS's scripts round an architecture's total score to before correlating. The rounding creates
    /// ties, and the paper's coefficients are only reproduced with it (its MBConv τ is −0.6468 rounded, −0.6443
    /// exact); apply it to BossNAS's published files, not to this framework's own ratings.
    /// </summary>
    public const int BossNasScoreDecimals = 4;

    /// <summary>Turns a ground-truth key into one path string per block, as the space parses its published keys.</summary>
    /// <param name="space">
    /// The space whose <see cref="ISearchSpace.ParseBenchmarkKey"/> reads the keys (NATS-Bench width strings, MBConv
    /// encodings), or null for this framework's architecture strings such as <c>5433|3230|0010|0000</c>.
    /// </param>
    /// <returns>A function from key to per-block paths; it throws <see cref="FormatException"/> for a malformed key.</returns>
    public static Func<string, IReadOnlyList<string>> ForSpace(ISearchSpace? space) =>
        key => (space?.ParseBenchmarkKey(key) ?? Architecture.Parse(key)).Blocks.Select(p => p.ToString()).ToArray();

    /// <summary>Sum over blocks of (block loss + offset), accumulated in block order, then rounded as BossNAS does.</summary>
    /// <param name="paths">One path per block.</param>
    /// <param name="blockRatings">Loss of each path, per block.</param>
    /// <param name="blockOffset">Added to each block's loss.</param>
    /// <param name="scoreDecimals">Decimals to round the sum to (correctly rounded, as Python's <c>round</c>); null keeps it exact.</param>
    /// <returns>The architecture's score; lower is better.</returns>
    /// <exception cref="InvalidDataException">Block counts differ, or a block's ratings lack the path.</exception>
    public static double Score(
        IReadOnlyList<string> paths,
        IReadOnlyList<IReadOnlyDictionary<string, double>> blockRatings,
        double blockOffset = DefaultBlockOffset,
        int? scoreDecimals = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(blockRatings);
        if (paths.Count != blockRatings.Count)
            throw new InvalidDataException($"Architecture {string.Join('|', paths)} has {paths.Count} blocks but the ratings have {blockRatings.Count}.");

        double score = 0;
        for (int b = 0; b < paths.Count; b++)
        {
            if (!blockRatings[b].TryGetValue(paths[b], out double loss))
                throw new InvalidDataException($"Block {b} ratings have no path '{paths[b]}' (architecture {string.Join('|', paths)}).");
            score += loss + blockOffset;
        }

        if (scoreDecimals is not int decimals) return score;
        ArgumentOutOfRangeException.ThrowIfNegative(decimals, nameof(scoreDecimals));
        // Formatting rounds the exact binary value (Math.Round scales first and can flip near-halves),
        // so this matches Python's round() and with it BossNAS's ties.
        string rounded = score.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return double.Parse(rounded, CultureInfo.InvariantCulture);
    }

    /// <summary>Pairs every ground-truth architecture's accuracy with its score.</summary>
    /// <param name="blockRatings">Loss of each path, per block.</param>
    /// <param name="groundTruth">Accuracy per architecture key.</param>
    /// <param name="toPaths">Key to per-block paths, usually from <see cref="ForSpace"/>.</param>
    /// <param name="blockOffset">Added to each block's loss.</param>
    /// <param name="scoreDecimals">Decimals to round each score to; null keeps it exact.</param>
    /// <returns>Accuracies and scores, paired by index.</returns>
    /// <exception cref="InvalidDataException">An architecture cannot be scored from the ratings.</exception>
    public static (double[] Accuracy, double[] Score) Pair(
        IReadOnlyList<IReadOnlyDictionary<string, double>> blockRatings,
        IReadOnlyDictionary<string, double> groundTruth,
        Func<string, IReadOnlyList<string>> toPaths,
        double blockOffset = DefaultBlockOffset,
        int? scoreDecimals = null)
    {
        ArgumentNullException.ThrowIfNull(groundTruth);
        ArgumentNullException.ThrowIfNull(toPaths);
        var accuracy = new double[groundTruth.Count];
        var score = new double[groundTruth.Count];
        int i = 0;
        foreach (var (key, value) in groundTruth)
        {
            accuracy[i] = value;
            score[i++] = Score(toPaths(key), blockRatings, blockOffset, scoreDecimals);
        }

        return (accuracy, score);
    }

    /// <summary>Scores every ground-truth architecture from the ratings in <paramref name="ratingsFolder"/>.</summary>
    /// <param name="space">The space that parses the ground truth's keys, see <see cref="ForSpace"/>.</param>
    /// <param name="ratingsFolder">Folder of per-block rating files, see <see cref="PathRankFile.LoadFolder"/>.</param>
    /// <param name="truthFile">Accuracy file, see <see cref="GroundTruth.Load"/>.</param>
    /// <param name="blockOffset">Added to each block's loss; BossNAS uses <see cref="DefaultBlockOffset"/>.</param>
    /// <param name="scoreDecimals">
    /// Decimals each architecture's score is rounded to (<see cref="BossNasScoreDecimals"/> for BossNAS's published
    /// files), or null for exact scores.
    /// </param>
    /// <returns>Accuracies and scores (lower is rated better), paired by index.</returns>
    public static (double[] Accuracy, double[] Score) Load(ISearchSpace? space, string ratingsFolder, string truthFile,
        double blockOffset = DefaultBlockOffset, int? scoreDecimals = null) =>
        Pair(PathRankFile.LoadFolder(ratingsFolder), GroundTruth.Load(truthFile), ForSpace(space), blockOffset, scoreDecimals);

    /// <summary>Correlates ground-truth accuracy (x) with the ratings' architecture score (y); arguments as <see cref="Load"/>.</summary>
    /// <returns>The correlations; negative values mean lower loss goes with higher accuracy.</returns>
    public static CorrelationResult Correlate(ISearchSpace? space, string ratingsFolder, string truthFile,
        double blockOffset = DefaultBlockOffset, int? scoreDecimals = null)
    {
        var (accuracy, score) = Load(space, ratingsFolder, truthFile, blockOffset, scoreDecimals);
        return RankCorrelation.Compute(accuracy, score);
    }

    /// <summary>
    /// How the architectures scored best stand (the score is a loss: lower is rated better): precision at the top 10 %
    /// and 5 %, BR/WR@5 %, and τ-b's bootstrap 95 % interval in the correlation's sign (accuracy against score).
    /// </summary>
    public static string TopSummary(IReadOnlyList<double> accuracy, IReadOnlyList<double> score)
    {
        var (low, high) = TauBootstrap.Interval(accuracy, score);
        return string.Create(CultureInfo.InvariantCulture,
            $"top10_precision={RankCorrelation.TopPrecision(score, accuracy, 0.10, lowerIsBetter: true):F4} " +
            $"top5_precision={RankCorrelation.TopPrecision(score, accuracy, 0.05, lowerIsBetter: true):F4} " +
            $"br_wr_top5={TopRanks.Of(score, accuracy, 0.05, lowerIsBetter: true)} kendall_tau_b_95ci=[{low:+0.0000;-0.0000;0.0000}, {high:+0.0000;-0.0000;0.0000}]");
    }
}
