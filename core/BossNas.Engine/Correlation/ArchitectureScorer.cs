using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BossNas.Engine.Correlation;

/// <summary>
/// Scores ground-truth architectures from per-block path ratings and correlates score with accuracy,
/// which is how BossNAS measures its ranking quality.
/// </summary>
public static partial class ArchitectureScorer
{
    /// <summary>Added to every block's loss; BossNAS adds 4 so that each block's term is positive.</summary>
    public const double DefaultBlockOffset = 4.0;

    /// <summary>
    /// Decimals BossNAS rounds an architecture's total score to before correlating; the rounding creates ties,
    /// so the paper's coefficients are only reproduced with it.
    /// </summary>
    public const int BossNasScoreDecimals = 4;

    // NATS-Bench size space: a path digit is the index of a layer's width in this list.
    private static readonly int[] NatsWidths = [8, 16, 24, 32, 40, 48, 56, 64];

    // BossNAS's CIFAR-10 block partition of the five NATS layers: (c1,c2), (c3,c4), (c5).
    private static readonly int[] NatsCifar10BlockLayers = [2, 2, 1];

    /// <summary>Chooses how a ground-truth key of a search space becomes one path string per block.</summary>
    /// <param name="spaceName">
    /// <c>nats</c> (key <c>c1:c2:c3:c4:c5</c> of widths), <c>mbconv</c> (key a JSON list of per-block op lists),
    /// or any other space, whose key is this framework's architecture string such as <c>5433|3230|0010|0000</c>.
    /// </param>
    /// <param name="natsBlockLayers">Layers per block for <c>nats</c>; defaults to BossNAS's CIFAR-10 partition [2,2,1].</param>
    /// <returns>A function from key to per-block paths; it throws <see cref="FormatException"/> for a malformed key.</returns>
    public static Func<string, IReadOnlyList<string>> ForSpace(string spaceName, int[]? natsBlockLayers = null)
    {
        ArgumentNullException.ThrowIfNull(spaceName);
        if (spaceName.Equals("nats", StringComparison.OrdinalIgnoreCase))
        {
            int[] layers = [.. natsBlockLayers ?? NatsCifar10BlockLayers];
            if (layers.Length == 0 || layers.Any(l => l <= 0))
                throw new ArgumentException("Every NATS block needs at least one layer.", nameof(natsBlockLayers));
            return key => NatsPaths(key, layers);
        }

        return spaceName.Equals("mbconv", StringComparison.OrdinalIgnoreCase) ? MbconvPaths : ArchitectureStringPaths;
    }

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
        int? scoreDecimals = BossNasScoreDecimals)
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
        int? scoreDecimals = BossNasScoreDecimals)
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

    /// <summary>Correlates ground-truth accuracy (x) with the ratings' architecture score (y).</summary>
    /// <param name="space">Search space name, see <see cref="ForSpace"/>.</param>
    /// <param name="ratingsFolder">Folder of per-block rating files, see <see cref="PathRankFile.LoadFolder"/>.</param>
    /// <param name="truthFile">Accuracy file, see <see cref="GroundTruth.Load"/>.</param>
    /// <param name="blockOffset">Added to each block's loss; BossNAS uses <see cref="DefaultBlockOffset"/>.</param>
    /// <returns>The correlations; negative values mean lower loss goes with higher accuracy.</returns>
    /// <remarks>
    /// Scores follow BossNAS exactly with the default offset: +<see cref="DefaultBlockOffset"/> per block, total rounded
    /// to <see cref="BossNasScoreDecimals"/> decimals.
    /// </remarks>
    public static CorrelationResult Correlate(string space, string ratingsFolder, string truthFile, double blockOffset = DefaultBlockOffset)
    {
        var (accuracy, score) = Pair(PathRankFile.LoadFolder(ratingsFolder), GroundTruth.Load(truthFile), ForSpace(space), blockOffset);
        return RankCorrelation.Compute(accuracy, score);
    }

    private static string[] NatsPaths(string key, int[] layers)
    {
        string[] widths = key.Split(':');
        if (widths.Length != layers.Sum())
            throw new FormatException($"NATS architecture '{key}' has {widths.Length} widths; blocks [{string.Join(',', layers)}] need {layers.Sum()}.");

        var digits = new char[widths.Length];
        for (int i = 0; i < widths.Length; i++)
        {
            int index = int.TryParse(widths[i], NumberStyles.None, CultureInfo.InvariantCulture, out int width)
                ? Array.IndexOf(NatsWidths, width) : -1;
            if (index < 0)
                throw new FormatException($"NATS architecture '{key}': width '{widths[i]}' is not one of {string.Join(',', NatsWidths)}.");
            digits[i] = (char)('0' + index);
        }

        var paths = new string[layers.Length];
        for (int b = 0, start = 0; b < layers.Length; start += layers[b++])
            paths[b] = new string(digits, start, layers[b]);
        return paths;
    }

    private static string[] MbconvPaths(string key)
    {
        // GroundTruth keys MBConv architectures by their JSON encoding; CSV files may use architecture strings instead.
        if (!key.StartsWith('[')) return ArchitectureStringPaths(key);
        int[][]? encoding;
        try { encoding = JsonSerializer.Deserialize<int[][]>(key); }
        catch (JsonException e) { throw new FormatException($"MBConv encoding '{key}' is not a list of op lists.", e); }

        if (encoding is null || encoding.Any(ops => ops is null || ops.Any(op => op is < 0 or > 9)))
            throw new FormatException($"MBConv encoding '{key}' must list single-digit op indices per block.");
        return encoding.Select(ops => string.Concat(ops)).ToArray();
    }

    private static string[] ArchitectureStringPaths(string key)
    {
        string[] blocks = key.Split('|');
        if (blocks.Any(block => !BlockPath().IsMatch(block)))
            throw new FormatException($"Architecture '{key}' is not blocks of digits (or dot-separated integers) joined by '|'.");
        return blocks;
    }

    // A block is a digit string, or dot-separated integers when an op index can exceed 9.
    [GeneratedRegex(@"^[0-9]+(?:\.[0-9]+)*\z")]
    private static partial Regex BlockPath();
}
