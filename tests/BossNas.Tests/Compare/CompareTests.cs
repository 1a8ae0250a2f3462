using BossNas.Engine.Compare;
using BossNas.Engine.Config;
using BossNas.Engine.Correlation;
using BossNas.Tests.Support;

namespace BossNas.Tests.Compare;

/// <summary>
/// <c>bossnas compare</c> on its smoke profile (three arms, synthetic data, a benchmark built by the benchmark builder):
/// located arm errors, the same row for the same arm and seed, and an interrupted comparison that resumes the arm it
/// stopped in without redoing the one before.
/// </summary>
[Collection("Torch")]
public sealed class CompareTests : IClassFixture<SmokeBenchmark>
{
    private readonly SmokeBenchmark _bench;

    public CompareTests(SmokeBenchmark bench) => _bench = bench;

    private string Setup(TempFolder temp, string? config = null)
    {
        Directory.CreateDirectory(temp.File("bench"));
        File.Copy(_bench.Csv, temp.File("bench/benchmark.csv"));
        var path = temp.File("compare.toml");
        File.WriteAllText(path, config ?? File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", "smoke", "compare.toml")));
        return path;
    }

    private static string[] DeterministicColumns(string csvLine)
    {
        // arm, seed, architecture, madds, test accuracy, controls, then tau, rho, r, top-10 (times, RSS and folder vary).
        var f = csvLine.Split(',');
        return f.Take(6).Concat(f.Skip(9).Take(4)).ToArray();
    }

    [Fact]
    public void The_same_arms_and_seed_give_the_same_rows_in_two_comparisons()
    {
        var rows = new List<string[][]>();
        for (int i = 0; i < 2; i++)
        {
            using var temp = new TempFolder();
            var config = CompareConfig.Load(Setup(temp), [], TestPlugins.Host);
            var results = new CompareRunner(config, TestPlugins.Host).Run(["ensemble_bootstrapping", "spos"], 1, CancellationToken.None);
            Assert.NotNull(results);
            Assert.All(results!, r => Assert.NotNull(r.Benchmark));
            var csv = File.ReadAllLines(Path.Combine(config.Folder, "results.csv"));
            Assert.Equal(3, csv.Length);
            rows.Add(csv.Skip(1).Select(DeterministicColumns).ToArray());
            var report = File.ReadAllText(Path.Combine(config.Folder, "report.md"));
            Assert.Contains("| ensemble_bootstrapping | 1 |", report);
            Assert.Contains("| τ interval |", report);
            Assert.Contains("| BR/WR@5 % |", report);
            // The interval and the top-5 % figures of each arm run are in the CSV.
            var header = csv[0].Split(',').ToList();
            foreach (var line in csv.Skip(1).Select(l => l.Split(',')))
            {
                double tau = double.Parse(line[header.IndexOf("kendall_tau")], System.Globalization.CultureInfo.InvariantCulture);
                double low = double.Parse(line[header.IndexOf("kendall_tau_low")], System.Globalization.CultureInfo.InvariantCulture);
                double high = double.Parse(line[header.IndexOf("kendall_tau_high")], System.Globalization.CultureInfo.InvariantCulture);
                Assert.InRange(tau, low, high);
                Assert.True(int.Parse(line[header.IndexOf("best_rank_top5")]) <= int.Parse(line[header.IndexOf("worst_rank_top5")]));
            }
            // table.json holds the report's rows; report.html its tables, with the plots embedded.
            using var table = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(config.Folder, "table.json")));
            Assert.Equal(["ensemble_bootstrapping", "spos"], table.RootElement.GetProperty("arms").EnumerateArray().Select(r => r.GetProperty("arm").GetString()));
            var html = File.ReadAllText(Path.Combine(config.Folder, "report.html"));
            Assert.Equal(System.Text.RegularExpressions.Regex.Matches(report, @"(?m)^\|---").Count, System.Text.RegularExpressions.Regex.Matches(html, "<table>").Count);
            // Every markdown image is in the page: scatter plots as inline SVG figures, the others as embedded PNGs.
            int figures = System.Text.RegularExpressions.Regex.Matches(html, $"<svg[^>]*class=\"{BossNas.Engine.Reports.Figures.ScatterSvg.RootClass}\"").Count;
            Assert.True(figures >= 2, "the ratings and accuracy-against-cost scatter plots are inline figures");
            Assert.Equal(System.Text.RegularExpressions.Regex.Matches(report, @"!\[").Count,
                System.Text.RegularExpressions.Regex.Matches(html, "<img src=\"data:image/png;base64,").Count + figures);
            Assert.True(File.Exists(Path.Combine(config.Folder, "accuracy_vs_madds.png")));
            Assert.True(File.Exists(Path.Combine(config.Folder, "ratings_spos.png")));
            // Each arm run's front over the benchmark, scored against the benchmark's true front.
            var fronts = File.ReadAllLines(Path.Combine(config.Folder, "fronts.csv"));
            Assert.Equal(3, fronts.Length);
            foreach (var line in fronts.Skip(1).Select(l => l.Split(',')))
            {
                Assert.Equal("madds", line[3]);
                Assert.InRange(double.Parse(line[7], System.Globalization.CultureInfo.InvariantCulture), 0, 1);
                Assert.InRange(int.Parse(line[6]), 1, int.Parse(line[4]));
            }
            Assert.Contains("| madds | benchmark's true front |", report);
            Assert.True(File.Exists(Path.Combine(config.Folder, "fronts_madds.png")));
            // TensorBoard's hparams dashboard: one session per arm run, its τ the CSV's.
            foreach (var line in csv.Skip(1).Select(l => l.Split(',')))
            {
                var session = Path.Combine(config.Folder, "tensorboard", $"{line[0]}-seed{line[1]}");
                var events = Reliability.TensorBoardTests.ReadEvents(File.ReadAllBytes(Assert.Single(Directory.GetFiles(session))));
                Assert.Equal(["_hparams_/session_start_info", "_hparams_/session_end_info"], events.Where(e => e.Plugin == "hparams").Select(e => e.Tag));
                Assert.Equal((float)double.Parse(line[header.IndexOf("kendall_tau")], System.Globalization.CultureInfo.InvariantCulture),
                    events.Single(e => e.Tag == "kendall_tau").Value);
                Assert.Contains(line[0], System.Text.Encoding.UTF8.GetString(events.First(e => e.Plugin == "hparams").PluginContent!));
            }
        }
        Assert.Equal(rows[0], rows[1]);
    }

    [Fact]
    public void An_interrupted_comparison_resumes_the_arm_it_stopped_in_and_does_not_redo_the_first()
    {
        using var temp = new TempFolder();
        var path = Setup(temp);
        var config = CompareConfig.Load(path, [], TestPlugins.Host);
        using var stop = new CancellationTokenSource();
        var lines = new List<string>();
        bool second = false;
        var runner = new CompareRunner(config, TestPlugins.Host)
        {
            Report = l => { lines.Add(l); second |= l.Contains("spos seed", StringComparison.Ordinal) && l.EndsWith("running", StringComparison.Ordinal); },
            StepObserver = (phase, m) => { if (second && phase == "supernet" && m.Step >= 3) stop.Cancel(); },
        };
        Assert.Null(runner.Run(["ensemble_bootstrapping", "spos", "random"], 1, stop.Token));
        Assert.Contains(lines, l => l.Contains("spos seed 0: interrupted", StringComparison.Ordinal));

        var again = new List<string>();
        var resumed = new CompareRunner(CompareConfig.Load(path, [], TestPlugins.Host), TestPlugins.Host) { Report = again.Add }
            .Run(["ensemble_bootstrapping", "spos", "random"], 1, CancellationToken.None);
        Assert.NotNull(resumed);
        Assert.Contains(again, l => l.Contains("ensemble_bootstrapping seed 0: finished before", StringComparison.Ordinal));
        Assert.DoesNotContain(again, l => l.Contains("ensemble_bootstrapping seed 0: running", StringComparison.Ordinal));
        var spos = resumed!.Single(r => r.Arm == "spos");
        Assert.Contains("Resuming", File.ReadAllText(Path.Combine(spos.Folder, "log.txt")));
        Assert.Single(Directory.GetDirectories(Path.Combine(config.Folder, "runs", "spos-seed0")));

        // The resumed arm ends where an uninterrupted one does.
        using var fresh = new TempFolder();
        var straight = CompareConfig.Load(Setup(fresh), [], TestPlugins.Host);
        var reference = new CompareRunner(straight, TestPlugins.Host).Run(["spos"], 1, CancellationToken.None)!.Single();
        Assert.Equal(reference.Architecture, spos.Architecture);
        Assert.Equal(reference.TestAccuracy, spos.TestAccuracy);
        Assert.Equal(reference.Benchmark!.KendallTauB, spos.Benchmark!.KendallTauB);
    }

    [Fact]
    public void An_arm_whose_config_changed_since_its_unfinished_run_starts_a_new_run_beside_it()
    {
        using var temp = new TempFolder();
        var path = Setup(temp);
        using var stop = new CancellationTokenSource();
        var runner = new CompareRunner(CompareConfig.Load(path, [], TestPlugins.Host), TestPlugins.Host)
        {
            StepObserver = (phase, m) => { if (phase == "supernet" && m.Step >= 3) stop.Cancel(); },
        };
        Assert.Null(runner.Run(["spos"], 1, stop.Token));

        // Another supernet learning rate: the unfinished run is not resumed (a plain run would refuse the changed
        // config), the arm runs anew and finishes, and the old folder stays.
        var lines = new List<string>();
        var changed = CompareConfig.Load(path, ["train.lr=0.02"], TestPlugins.Host);
        var armFolder = Path.Combine(changed.Folder, "runs", "spos-seed0");
        var results = new CompareRunner(changed, TestPlugins.Host) { Report = lines.Add }.Run(["spos"], 1, CancellationToken.None);
        Assert.NotNull(results);
        Assert.Contains(lines, l => l.Contains("spos seed 0: the config changed", StringComparison.Ordinal));
        Assert.Equal(2, Directory.GetDirectories(armFolder).Length);
        Assert.DoesNotContain("Resuming", File.ReadAllText(Path.Combine(results!.Single().Folder, "log.txt")));
    }

    [Fact]
    public void The_dna_arm_trains_its_teacher_distils_the_nats_blocks_through_adapters_and_rates_the_benchmark()
    {
        using var temp = new TempFolder();
        var config = CompareConfig.Load(Setup(temp), [], TestPlugins.Host);
        var dna = new CompareRunner(config, TestPlugins.Host).Run(["dna"], 1, CancellationToken.None)!.Single();
        // The teacher is the space's largest architecture (widths [8, 16]: index 1 everywhere), trained before the supernet.
        using var teacher = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dna.Folder, "teacher.json")));
        Assert.Equal("11|11|1", teacher.RootElement.GetProperty("architecture").GetString());
        Assert.True(dna.TeacherSeconds > 0);
        Assert.Equal(3 * 4 * 32, dna.SupernetImages);
        Assert.NotNull(dna.Benchmark);
        Assert.NotNull(dna.TestAccuracy);
        Assert.Equal(2, dna.ControlAccuracies.Count);
        var csv = File.ReadAllLines(Path.Combine(config.Folder, "results.csv"));
        Assert.StartsWith("dna,", csv[1], StringComparison.Ordinal);
        var report = File.ReadAllText(Path.Combine(config.Folder, "report.md"));
        Assert.Contains("| teacher s |", report);
        Assert.Contains("| parameter count | 8 |", report);
        Assert.Contains("| noise ceiling: seed 2 against seed 1 | 2 |", report);
    }

    [Fact]
    public void Arm_declaration_errors_name_the_file_line_and_column()
    {
        using var temp = new TempFolder();
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", "smoke", "compare.toml"))
                   + "\n[arms.broken.supervision]\nplugin = \"spoz\"\n\n[arms.broken.search_space]\nplugin = \"nats\"\n";
        var path = Setup(temp, text);
        var lines = File.ReadAllLines(path);
        int plugin = Array.FindIndex(lines, l => l == "plugin = \"spoz\"") + 1;
        int space = Array.FindIndex(lines, l => l == "[arms.broken.search_space]") + 1;
        var error = Assert.Throws<ConfigException>(() => CompareConfig.Load(path, [], TestPlugins.Host));
        var messages = error.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(messages, m => m.StartsWith($"{path}:{plugin}:1:", StringComparison.Ordinal) && m.Contains("spoz", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith($"{path}:{space}:", StringComparison.Ordinal) && m.Contains("arms.broken.search_space", StringComparison.Ordinal));

        var good = CompareConfig.Load(Setup(new TempFolder()), [], TestPlugins.Host);
        var unknown = Assert.Throws<ConfigException>(() => new CompareRunner(good, TestPlugins.Host).Arms(["spos", "dnaa"]));
        Assert.Contains("no arm dnaa; declared: ensemble_bootstrapping, spos, random", unknown.Message);
    }

    [Fact]
    public void A_bossnas_arm_scores_each_benchmark_architecture_by_the_sum_of_its_paths_stage_end_ratings()
    {
        using var temp = new TempFolder();
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", "smoke", "compare.toml"))
            .Replace("[compare]\n", "[pipeline]\nreliability = true\n\n[compare]\n", StringComparison.Ordinal);
        var config = CompareConfig.Load(Setup(temp, text), [], TestPlugins.Host);
        var eb = new CompareRunner(config, TestPlugins.Host).Run(["ensemble_bootstrapping"], 1, CancellationToken.None)!.Single();
        var ratings = Path.Combine(eb.Folder, "ratings");
        var blocks = Enumerable.Range(0, 3).Select(b => File.ReadLines(Path.Combine(ratings, $"ratings_block{b}.csv")).Skip(1)
            .Select(l => l.Split(',')).ToDictionary(f => f[0], f => double.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var rows = File.ReadLines(Path.Combine(ratings, "benchmark.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(8, rows.Count);
        foreach (var row in rows)
        {
            var paths = row[0].Split('|');
            double sum = 0;
            for (int b = 0; b < 3; b++) sum += blocks[b][paths[b]];
            Assert.Equal(sum, double.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        // The second pass rated on other data, so its scores differ; the agreement between the passes is recorded.
        Assert.Contains(rows, r => r[1] != r[4]);
        Assert.NotNull(eb.Benchmark!.Reliability);
        var state = File.ReadAllText(Path.Combine(eb.Folder, "state.json"));
        Assert.Contains("\"block_reliability\"", state);
        Assert.Contains("## Rating reliability", File.ReadAllText(Path.Combine(eb.Folder, "report.md")));
    }

    [Fact]
    public void Budget_scales_run_each_arm_at_multiples_of_its_epochs_and_retrain_false_only_rates()
    {
        using var temp = new TempFolder();
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", "smoke", "compare.toml"))
            .Replace("[compare]\n", "[compare]\nretrain = false\nbudget_scales = [1, 2]\n", StringComparison.Ordinal)
            + "\n[arms.spos.compare]\nbudget_scales = [1]\n";
        var config = CompareConfig.Load(Setup(temp, text), [], TestPlugins.Host);
        var results = new CompareRunner(config, TestPlugins.Host).Run(["ensemble_bootstrapping", "spos"], 1, CancellationToken.None)!;
        // The smaller budget first for every arm, then the larger.
        Assert.Equal(["ensemble_bootstrapping:1:1", "spos:1:3", "ensemble_bootstrapping:2:2"],
            results.Select(r => $"{r.Arm}:{r.BudgetScale}:{r.Epochs}"));
        var (single, twice) = (results[0], results[2]);
        Assert.Equal(2 * single.SupernetImages, twice.SupernetImages);
        Assert.EndsWith("ensemble_bootstrapping-x2-seed0", Path.GetDirectoryName(twice.Folder)!, StringComparison.Ordinal);
        Assert.All(results, r => Assert.Null(r.TestAccuracy));
        Assert.All(results, r => Assert.Empty(r.ControlAccuracies));
        Assert.All(results, r => Assert.NotNull(r.Benchmark));
        var report = File.ReadAllText(Path.Combine(config.Folder, "report.md"));
        Assert.Contains("| ensemble_bootstrapping | 1 | 2 |", report);

        var bad = text.Replace("budget_scales = [1, 2]", "budget_scales = [1.5]", StringComparison.Ordinal);
        var error = Assert.Throws<ConfigException>(() => CompareConfig.Load(Setup(new TempFolder(), bad), [], TestPlugins.Host));
        Assert.Contains("not a whole number of epochs", error.Message);
    }

    [Fact]
    public void A_zero_cost_arm_runs_without_a_supernet_or_supervision_and_rates_the_benchmark()
    {
        using var temp = new TempFolder();
        // No [supervision] anywhere: the arm's phases leave out the supernet, and the vote rates untrained networks.
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", "smoke", "compare.toml")) + """

            [arms.vote.pipeline]
            phases = ["search", "retrain", "control", "report"]

            [arms.vote.evaluator]
            plugin = "vote"
            images = 8

            [arms.vote.searcher]
            plugin = "evolution"
            population = 4
            top_k = 2
            generations = 2
            mutations = 2
            crossovers = 1
            """;
        var config = CompareConfig.Load(Setup(temp, text), [], TestPlugins.Host);
        var results = new CompareRunner(config, TestPlugins.Host).Run(["vote"], 1, CancellationToken.None)!;
        var vote = Assert.Single(results);
        Assert.Equal(0, vote.SupernetImages);
        Assert.Equal(0, vote.SupernetSeconds);
        Assert.NotNull(vote.Benchmark);
        Assert.True(double.IsFinite(vote.Benchmark!.KendallTauB));
        Assert.NotNull(vote.TestAccuracy);
        Assert.Equal(2, vote.ControlAccuracies.Count);
        Assert.True(vote.RatingSeconds > 0, "the search and benchmark rating time is the arm's rating time");
        Assert.Contains("| vote | 1 |", File.ReadAllText(Path.Combine(config.Folder, "report.md")));

        // The benchmark changes after the arm rated it (here: its accuracies mirrored, 100 − a): the report scores the arm's kept
        // ratings against the benchmark as it is now, so τ changes sign exactly.
        var bench = temp.File("bench/benchmark.csv");
        var lines = File.ReadAllLines(bench);
        int column = Array.IndexOf(lines[0].Split(','), "accuracy");
        File.WriteAllLines(bench, lines.Take(1).Concat(lines.Skip(1).Select(l =>
        {
            var f = l.Split(',');
            f[column] = (100 - double.Parse(f[column], System.Globalization.CultureInfo.InvariantCulture)).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            return string.Join(',', f);
        })));
        Assert.Equal((1, 1), new CompareRunner(config, TestPlugins.Host).WriteReport(["vote"], 1));
        var csv = File.ReadAllLines(Path.Combine(config.Folder, "results.csv"));
        double reported = double.Parse(csv[1].Split(',')[csv[0].Split(',').ToList().IndexOf("kendall_tau")], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(-vote.Benchmark.KendallTauB, reported, 12);

        // The fronts over the benchmark are scored by the same accuracies: the true front against MAdds is formed from the
        // mirrored ones (the run's ratings/benchmark.csv still holds those it was rated against).
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var rated = File.ReadAllLines(Path.Combine(vote.Folder, "ratings", "benchmark.csv")).Skip(1).Select(l => l.Split(','))
            .Select(f => (Architecture: f[0], Recorded: double.Parse(f[2], inv), MAdds: double.Parse(f[3], inv))).ToList();
        var now = GroundTruth.Load(bench);
        static HashSet<string> TrueFront(List<(string Architecture, double Accuracy, double MAdds)> points) => points.Where(p => !points.Any(q =>
            q.Accuracy >= p.Accuracy && q.MAdds <= p.MAdds && (q.Accuracy > p.Accuracy || q.MAdds < p.MAdds))).Select(p => p.Architecture).ToHashSet();
        var fronts = File.ReadAllLines(Path.Combine(config.Folder, "fronts.csv"));
        var header = fronts[0].Split(',').ToList();
        var row = fronts.Skip(1).Select(l => l.Split(',')).Single(f => f[header.IndexOf("arm")] == "vote" && f[header.IndexOf("metric")] == "madds");
        var armFront = row[header.IndexOf("front")].Split(';');
        (int Size, int Members) Expected(HashSet<string> truth) => (truth.Count, armFront.Count(truth.Contains));
        var mirrored = Expected(TrueFront(rated.Select(r => (r.Architecture, now[r.Architecture], r.MAdds)).ToList()));
        Assert.NotEqual(Expected(TrueFront(rated.Select(r => (r.Architecture, r.Recorded, r.MAdds)).ToList())), mirrored); // else this could not fail
        Assert.Equal(mirrored, (int.Parse(row[header.IndexOf("true_front_size")], inv), int.Parse(row[header.IndexOf("true_front_members")], inv)));
    }

    [Fact]
    public void Top_ten_percent_precision_on_a_hand_made_example()
    {
        // 20 architectures: k = 2. Accuracy ranks 0 and 1 best; the rating puts 0 first and 5 second: precision 1/2.
        var accuracy = Enumerable.Range(0, 20).Select(i => 90.0 - i).ToList();
        var rating = Enumerable.Range(0, 20).Select(i => i == 0 ? 100.0 : i == 5 ? 99.0 : 50.0 - i).ToList();
        Assert.Equal(0.5, RankCorrelation.TopPrecision(rating, accuracy));
        // Lower is better: the same order negated gives the same precision; the true order gives 1.
        Assert.Equal(0.5, RankCorrelation.TopPrecision(rating.Select(x => -x).ToList(), accuracy, lowerIsBetter: true));
        Assert.Equal(1.0, RankCorrelation.TopPrecision(accuracy, accuracy));
        // 10 of 100 with 3 of the top 10 found.
        var truth = Enumerable.Range(0, 100).Select(i => (double)-i).ToList();
        var score = truth.Select((t, i) => i is 0 or 1 or 2 ? 1000.0 - i : i is >= 50 and < 57 ? 900.0 - i : t).ToList();
        Assert.Equal(0.3, RankCorrelation.TopPrecision(score, truth), 12);
    }
}
