using BossNas.Engine.Checkpoints;
using BossNas.Engine.Correlation;
using BossNas.Engine.Runs;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// A finished run's benchmark agreement measured again against the benchmark as it is now. A benchmark grows after runs
/// rated it (a second seed trained for its architectures changes their accuracies, not the architectures), and a
/// comparison has to score every arm against the same ground truth as its reference lines. The ratings themselves do not
/// change: <c>ratings/benchmark.csv</c> keeps each architecture's score beside the accuracy it was measured against, so
/// only the agreement is computed again; the rating time and the reliability (which needs no ground truth) stay as
/// recorded.
/// </summary>
internal static class BenchmarkRemeasure
{
    private const string RatingsFile = "benchmark.csv";

    /// <summary>
    /// The agreement of <paramref name="folder"/>'s benchmark ratings with <paramref name="benchmarkFile"/>'s accuracies;
    /// <paramref name="recorded"/> itself when the accuracies are the ones it was measured against and it has every figure,
    /// or when it cannot be measured again (no ratings file, an architecture the benchmark no longer has, a file that does not reproduce the
    /// recorded τ).
    /// </summary>
    public static BenchmarkAgreement? Against(RunFolder folder, BenchmarkAgreement? recorded, string benchmarkFile)
    {
        if (recorded is null || benchmarkFile.Length == 0 || !File.Exists(benchmarkFile)) return recorded;
        var rows = KeptRatings(folder.Path);
        if (rows is null || rows.Count != recorded.N) return recorded;
        if (CurrentAccuracies(rows.Select(r => r.Architecture).ToList(), GroundTruth.Load(benchmarkFile)) is not { } accuracy) return recorded;
        if (rows.Select((r, i) => r.Accuracy == accuracy[i]).All(same => same) && !PredatesAFigure(recorded)) return recorded;

        // The file keeps raw scores; the recorded τ was measured in the evaluator's direction, so the direction is the one
        // that reproduces it against the accuracies recorded beside the scores (τ-b changes sign exactly with the scores).
        var scores = rows.Select(r => r.Score).ToList();
        double tau = RankCorrelation.KendallTauB(scores, rows.Select(r => r.Accuracy).ToList());
        int direction = Math.Abs(tau - recorded.KendallTauB) < 1e-12 ? 1 : Math.Abs(tau + recorded.KendallTauB) < 1e-12 ? -1 : 0;
        if (direction == 0 || tau == 0) return recorded;
        var oriented = scores.Select(s => direction * s).ToList();
        return BenchmarkAgreement.Measure(oriented, accuracy, rows.Select(r => r.MAdds).ToList(), recorded.Seconds, recorded.Reliability);
    }

    // A record made before a figure existed (τ in cost bins, top 5 %, BR/WR@5 %, the bootstrap interval): measured again
    // from the kept ratings, so an older run reports every figure the others do.
    private static bool PredatesAFigure(BenchmarkAgreement recorded) =>
        recorded.WithinCostTau is null || recorded.TopFivePrecision is null || recorded.TopFive is null || recorded.TauLow is null || recorded.TauHigh is null;

    /// <summary>
    /// The accuracies the benchmark (<paramref name="truth"/>, as <see cref="GroundTruth.Load"/> reads it now) holds for the
    /// architectures of a run's <c>ratings/benchmark.csv</c>, in their order; null without a benchmark or when it does not
    /// hold exactly those architectures.
    /// </summary>
    public static IReadOnlyList<double>? CurrentAccuracies(IReadOnlyList<string> architectures, IReadOnlyDictionary<string, double>? truth)
    {
        if (truth is null) return null;
        if (architectures.All(truth.ContainsKey)) return architectures.Select(a => truth[a]).ToList();
        // A space whose architectures print unlike the benchmark's keys: the rows follow the benchmark's order.
        if (architectures.Count == truth.Count && !architectures.Any(truth.ContainsKey)) return [.. truth.Values];
        return null;
    }

    /// <summary>One architecture's line of <c>ratings/benchmark.csv</c>: its raw score and the accuracy it was measured against.</summary>
    internal sealed record Row(string Architecture, double Score, double Accuracy, double MAdds);

    /// <summary>A run's kept benchmark ratings (<c>ratings/benchmark.csv</c> in <paramref name="runFolder"/>); null when it has none or the file is not as <c>BenchmarkRating</c> writes it.</summary>
    public static List<Row>? KeptRatings(string runFolder)
    {
        var file = Path.Combine(runFolder, "ratings", RatingsFile);
        return File.Exists(file) ? Read(file) : null;
    }

    // architecture,score,accuracy,madds[,...]: as BenchmarkRating writes it; null when the header or a cell is not that.
    private static List<Row>? Read(string file)
    {
        string[]? header = null;
        var rows = new List<Row>();
        foreach (var (_, text) in TextFields.ContentLines(file))
        {
            var fields = TextFields.SplitCsv(text);
            if (header is null)
            {
                header = [.. fields];
                if (header.Length < 4 || header[0] != "architecture" || header[1] != "score" || header[2] != "accuracy" || header[3] != "madds") return null;
                continue;
            }
            if (fields.Count < 4 || !TextFields.TryParseDouble(fields[1], out double score) || !TextFields.TryParseDouble(fields[2], out double accuracy)
                || !TextFields.TryParseDouble(fields[3], out double madds)) return null;
            rows.Add(new Row(fields[0], score, accuracy, madds));
        }
        return rows;
    }
}
