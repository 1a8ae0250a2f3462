using System.Globalization;
using System.Text;
using BossNas.Engine.Correlation;

namespace BossNas.Engine.Benchmarks;

/// <summary>
/// The benchmark as people and <c>bossnas correlate</c> read it: <c>benchmark.csv</c> (one row per architecture:
/// <c>architecture,accuracy,madds,params,accuracy_seed&lt;a&gt;,accuracy_seed&lt;b&gt;,seconds_seed&lt;a&gt;,seconds_seed&lt;b&gt;</c>;
/// <c>accuracy</c> is the mean over the seeds trained) and <c>README.md</c> (how it was built and its noise ceiling).
/// </summary>
public static class BenchmarkTable
{
    /// <summary>File name of the table.</summary>
    public const string CsvName = "benchmark.csv";

    /// <summary>The benchmark's own noise: rank agreement of the two seeds over the repeated architectures.</summary>
    /// <param name="Pairs">Architectures trained with both seeds.</param>
    /// <param name="Agreement">Kendall τ-b, Spearman ρ and Pearson r between the seeds (null below two pairs).</param>
    /// <param name="MeanAbsoluteDifference">Mean |accuracy seed a − accuracy seed b| in points.</param>
    public sealed record NoiseCeiling(int Pairs, CorrelationResult? Agreement, double MeanAbsoluteDifference);

    /// <summary>Writes the table of the finished units and returns the noise ceiling.</summary>
    /// <param name="folder">The benchmark folder.</param>
    /// <param name="plan">The plan.</param>
    /// <param name="results">Finished units by (architecture, seed).</param>
    public static NoiseCeiling Write(string folder, BenchmarkPlan plan, IReadOnlyDictionary<BenchmarkUnit, BenchmarkUnitResult> results)
    {
        long a = plan.Seeds[0], b = plan.Seeds[1];
        var csv = new StringBuilder($"architecture,accuracy,madds,params,accuracy_seed{a},accuracy_seed{b},seconds_seed{a},seconds_seed{b}\n");
        var first = new List<double>();
        var second = new List<double>();
        foreach (var p in plan.Architectures)
        {
            var ra = results.GetValueOrDefault(new BenchmarkUnit(p.Architecture, a));
            var rb = results.GetValueOrDefault(new BenchmarkUnit(p.Architecture, b));
            if (ra is null && rb is null) continue;
            // The mean of the printed (0.01-rounded) accuracies, so a table read back and written again is unchanged.
            var accuracies = new[] { ra, rb }.Where(r => r is not null).Select(r => Math.Round(r!.Accuracy, 2)).ToList();
            csv.Append(CultureInfo.InvariantCulture,
                $"{p.Architecture},{accuracies.Average():F2},{p.MAdds:F0},{p.Params},{ra?.Accuracy:F2},{rb?.Accuracy:F2},{ra?.Seconds:F1},{rb?.Seconds:F1}\n");
            if (ra is not null && rb is not null)
            {
                first.Add(ra.Accuracy);
                second.Add(rb.Accuracy);
            }
        }
        WriteAtomically(Path.Combine(folder, CsvName), csv.ToString());
        var agreement = first.Count >= 2 ? RankCorrelation.Compute(first, second) : null;
        return new NoiseCeiling(first.Count, agreement, first.Count == 0 ? double.NaN : first.Zip(second, (x, y) => Math.Abs(x - y)).Average());
    }

    /// <summary>
    /// The finished trainings recorded in the folder's table (a committed benchmark carries its results in the table
    /// alone; the run folders stay on the machine that trained them).
    /// </summary>
    public static Dictionary<BenchmarkUnit, BenchmarkUnitResult> Read(string folder, BenchmarkPlan plan)
    {
        var results = new Dictionary<BenchmarkUnit, BenchmarkUnitResult>();
        var file = Path.Combine(folder, CsvName);
        if (!File.Exists(file)) return results;
        List<string>? header = null;
        foreach (var (number, text) in TextFields.ContentLines(file))
        {
            var fields = TextFields.SplitCsv(text);
            if (header is null)
            {
                header = fields.ToList();
                continue;
            }
            foreach (var seed in plan.Seeds)
            {
                int a = header.IndexOf($"accuracy_seed{seed}"), t = header.IndexOf($"seconds_seed{seed}");
                if (a < 0 || t < 0 || a >= fields.Count || t >= fields.Count || fields[a].Length == 0) continue;
                if (!TextFields.TryParseDouble(fields[a], out double accuracy) || !TextFields.TryParseDouble(fields[t], out double seconds))
                    throw TextFields.Error(file, number, "numeric accuracy and seconds", text);
                results[new BenchmarkUnit(fields[0], seed)] = new BenchmarkUnitResult { Architecture = fields[0], Seed = seed, Accuracy = accuracy, Seconds = seconds };
            }
        }
        return results;
    }

    /// <summary>Writes the benchmark folder's README: what it is, how it was built, how far it got, its noise ceiling.</summary>
    public static void WriteReadme(string folder, BenchmarkPlan plan, string recipeName, int done, int total, double seconds, NoiseCeiling noise)
    {
        var tau = noise.Agreement is { } c
            ? string.Create(CultureInfo.InvariantCulture, $"Kendall τ-b = {c.KendallTauB:F3}, Spearman ρ = {c.SpearmanRho:F3}, Pearson r = {c.PearsonR:F3}")
            : "not measured yet";
        // The ground truth is the mean of the seeds: its reliability is the split-half (seed against seed) agreement
        // stepped up by Spearman–Brown, 2r/(1+r), for a mean of two.
        var stepped = noise.Agreement is { } d
            ? string.Create(CultureInfo.InvariantCulture,
                $" For the mean of both seeds (the `accuracy` column) the Spearman–Brown correction 2r/(1+r) of that split-half agreement gives a reliability of {SpearmanBrown(d.PearsonR):F3} (Pearson) and {SpearmanBrown(d.SpearmanRho):F3} (Spearman).")
            : "";
        int repeats = plan.Architectures.Count(p => p.Repeated);
        var repeatedText = repeats == plan.Architectures.Count
            ? $"all of them were trained again with seed\n{plan.Seeds[1]}, so the ground truth is the mean of two seeds and the seeds' agreement is the benchmark's own noise."
            : $"{repeats} of them, spread evenly over the cost range, were trained again with seed\n{plan.Seeds[1]} to measure the benchmark's own noise.";
        var text = string.Create(CultureInfo.InvariantCulture, $"""
            # Ground-truth benchmark: `{plan.Space}` space

            Stand-alone test accuracies of {plan.Architectures.Count} architectures of the `{plan.Space}` space, chosen stratified
            by MAdds (the smallest and the largest included), each trained from scratch by `bossnas train` with the recipe
            `{recipeName}` (seed {plan.Seeds[0]}); {repeatedText}

            - Progress: {done} of {total} trainings done, {seconds / 3600:F1} h of training in all.
            - `{CsvName}`: `architecture,accuracy,madds,params,accuracy_seed{plan.Seeds[0]},accuracy_seed{plan.Seeds[1]},seconds_seed{plan.Seeds[0]},seconds_seed{plan.Seeds[1]}`;
              `accuracy` is the mean over the seeds trained (percent, on the full test set).
            - `{BenchmarkPlan.FileName}`: the architectures, their cost, and which are repeated.

            ## Noise ceiling

            Between the two seeds over the {noise.Pairs} repeated architectures: {tau}; mean absolute difference
            {noise.MeanAbsoluteDifference:F2} points.{stepped} A supernet's ranking cannot be expected to agree with this benchmark better than
            the benchmark agrees with itself.

            Rebuild or continue (finished trainings are skipped): `bossnas benchmark {recipeName} --out <this folder>`.

            """);
        WriteAtomically(Path.Combine(folder, "README.md"), text);
    }

    /// <summary>The reliability of the mean of two measurements whose agreement with each other is <paramref name="r"/>.</summary>
    public static double SpearmanBrown(double r) => 2 * r / (1 + r);

    private static void WriteAtomically(string file, string text)
    {
        var tmp = file + ".tmp";
        File.WriteAllText(tmp, text);
        File.Move(tmp, file, overwrite: true);
    }
}
