using BossNas.Engine.Runs;

namespace BossNas.Engine.Compare;

/// <summary>
/// The comparison for TensorBoard's hparams dashboard, in <c>tensorboard/</c> of the comparison's folder: the
/// experiment (every hyperparameter the arm runs differ in, every metric) in its own event file, and one run folder per
/// arm run (<c>&lt;arm&gt;-seed&lt;n&gt;</c>) holding the session's start (its <see cref="ArmResult.HParams"/>), its
/// metrics as scalars at step 0 and its end. Written anew with each report, so a resumed or re-reported comparison shows
/// each arm run once: <c>tensorboard --logdir &lt;comparison&gt;/tensorboard</c>.
/// </summary>
internal static class CompareTensorBoard
{
    /// <summary>The folder's name in the comparison's folder.</summary>
    public const string FolderName = "tensorboard";

    /// <summary>The metrics of an arm run, by tag; those it lacks (no benchmark, no retraining) are left out.</summary>
    public static IReadOnlyList<(string Tag, double? Value)> Metrics(ArmResult r) =>
    [
        ("test_accuracy", r.TestAccuracy),
        ("control_accuracy", r.ControlAccuracies.Count > 0 ? r.ControlAccuracies.Average() : null),
        ("kendall_tau", r.Benchmark?.KendallTauB),
        ("spearman_rho", r.Benchmark?.SpearmanRho),
        ("top10_precision", r.Benchmark?.TopTenPrecision),
        ("within_cost_tau", r.Benchmark?.WithinCostTau),
        ("reliability", r.Benchmark?.Reliability),
        ("madds", r.MAdds),
        ("supernet_seconds", r.SupernetSeconds),
        ("rating_seconds", r.RatingSeconds),
        ("peak_rss_mb", r.PeakRssMb),
    ];

    /// <summary>Writes the folder anew (removes it when no arm run asks for TensorBoard); returns its path, or null.</summary>
    public static string? Write(string comparisonFolder, IReadOnlyList<ArmResult> results)
    {
        var root = Path.Combine(comparisonFolder, FolderName);
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        if (!results.Any(r => r.TensorBoard)) return null;
        double now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        var measured = results.Select(r => Metrics(r).Where(m => m.Value is { } v && double.IsFinite(v)).Select(m => (m.Tag, Value: m.Value!.Value)).ToList()).ToList();
        var tags = Metrics(results[0]).Select(m => m.Tag).Where(t => measured.Any(ms => ms.Any(m => m.Tag == t))).ToList();
        using (var experiment = new TensorBoardWriter(root))
            experiment.Summary(HParamsSummaries.Experiment(results.Select(r => r.HParams).ToList(), tags, now), 0);
        for (int i = 0; i < results.Count; i++)
        {
            var r = results[i];
            using var session = new TensorBoardWriter(Path.Combine(root, CompareConfig.RunName(r.Arm, r.Seed, r.BudgetScale)));
            session.Summary(HParamsSummaries.SessionStart(r.HParams, "", now), 0);
            foreach (var (tag, value) in measured[i]) session.Scalar(tag, value, 0);
            session.Summary(HParamsSummaries.SessionEnd(success: true, now), 0);
        }
        return root;
    }
}
