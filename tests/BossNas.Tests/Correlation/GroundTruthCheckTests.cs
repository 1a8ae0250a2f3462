using BossNas.Cli;
using BossNas.Core.Components;
using BossNas.Core.Spaces;
using BossNas.Engine;
using BossNas.Engine.Benchmarks;
using BossNas.Engine.Compare;
using BossNas.Engine.Config;
using BossNas.Engine.Correlation;

namespace BossNas.Tests.Correlation;

/// <summary>
/// A ground-truth benchmark a config names is read whole when the config is bound: every problem of the file (a cut-short
/// last row, a duplicate, too few rows) and every architecture the space does not have is a config error at the
/// <c>benchmark</c> key with the file's own line, before anything trains; the shipped benchmarks and the builder's
/// tables pass.
/// </summary>
[Collection("Torch")]
public sealed class GroundTruthCheckTests
{
    private const string Header = "architecture,accuracy,madds,params,accuracy_seed1,accuracy_seed2,seconds_seed1,seconds_seed2";

    private static string Shipped(string relative) => Path.Combine(AppContext.BaseDirectory, relative);

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = BossNasCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The smoke NATS config (space of widths 8 and 16) with <c>[pipeline] benchmark</c> appended.</summary>
    private static string RunToml(string benchmark) =>
        File.ReadAllText(Shipped("configs/smoke/nats.toml")) + $"\n[pipeline]\nbenchmark = \"{benchmark.Replace('\\', '/')}\"\n";

    private static int LineOf(string text, string start) =>
        text.Split('\n').Select((l, i) => (l, i)).Last(x => x.l.StartsWith(start, StringComparison.Ordinal)).i + 1;

    private static ConfigException Refused(string toml, string source = "run.toml")
    {
        return Assert.Throws<ConfigException>(() =>
        {
            var config = RunConfig.Parse(toml, source, TestPlugins.Host);
            ComponentSet.Create(config, TestPlugins.Host);
        });
    }

    [Fact]
    public void A_truncated_last_row_is_refused_at_validate_with_its_line_and_the_benchmark_key()
    {
        using var temp = new TempFolder();
        var rows = File.ReadAllLines(Shipped("configs/smoke/bench/benchmark.csv"));
        Assert.Equal(9, rows.Length);
        Assert.StartsWith("11|11|1,29.16,", rows[^1]);
        // The last row cut short inside its accuracy, as a copy that stopped early leaves it: no newline either.
        File.WriteAllText(temp.File("bench.csv"), string.Join("\n", rows[..^1].Append("11|11|1,2")));
        var config = temp.File("run.toml");
        var toml = RunToml("bench.csv");
        File.WriteAllText(config, toml);

        var (code, stdout, stderr) = Cli("validate", config);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.DoesNotContain(": ok", stdout);
        int key = LineOf(toml, "benchmark = ");
        Assert.Contains($"run.toml:{key}:1: pipeline.benchmark: {temp.File("bench.csv")}:9: 2 column(s) where the header has 8", stderr);
        Assert.Contains($"{temp.File("bench.csv")}:9: the last row does not end with a newline", stderr);
        // bossnas correlate reads the file with the same rules.
        Assert.Contains(":9: 2 column(s)", Assert.Throws<FormatException>(() => GroundTruth.Load(temp.File("bench.csv"))).Message);

        // In a two-column table only the missing newline shows the cut (a,8 for a,82.5).
        File.WriteAllText(temp.File("bench.csv"), "architecture,accuracy\n00|00|0,81.5\n11|11|1,8");
        (code, _, stderr) = Cli("validate", config);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"pipeline.benchmark: {temp.File("bench.csv")}:3: the last row does not end with a newline", stderr);
    }

    [Fact]
    public void A_duplicated_architecture_and_bad_cells_are_each_located()
    {
        using var temp = new TempFolder();
        var csv = temp.File("bench.csv");
        File.WriteAllLines(csv, [Header, "00|00|0,25.00,1083424,11516,25.00,25.00,1.2,0.2", "00|01|1,x,1,1,,,,", "00|00|0,26.00,1083424,11516,26.00,,1.0,",
            "00|10|0,120,1,1,,,,", "11|11|1,29.16,-4,1,,,,"]);
        var toml = RunToml(csv);

        var errors = Refused(toml).Errors.Select(e => e.ToString()).ToList();

        string at = $"run.toml:{LineOf(toml, "benchmark = ")}:1: pipeline.benchmark: {csv}";
        Assert.Contains($"{at}:3: accuracy 'x' is not a number", errors);
        Assert.Contains($"{at}:4: architecture '00|00|0' is listed already on line 2", errors);
        Assert.Contains($"{at}:5: accuracy 120 is outside 0..100 (percent)", errors);
        Assert.Contains($"{at}:6: madds -4 is not a finite number of at least 0", errors);
        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public void A_header_only_file_and_a_wrong_header_are_refused()
    {
        using var temp = new TempFolder();
        var csv = temp.File("bench.csv");
        File.WriteAllLines(csv, [Header]);
        var error = Assert.Single(Refused(RunToml(csv)).Errors);
        Assert.EndsWith($"pipeline.benchmark: {csv}: 0 architecture(s); a benchmark needs at least 2 to rank", error.ToString());

        File.WriteAllLines(csv, ["arch,acc", "00|00|0,25"]);
        error = Assert.Single(Refused(RunToml(csv)).Errors);
        Assert.EndsWith($"{csv}:1: expected the header 'architecture,accuracy[,...]', found 'arch,acc'", error.ToString());
    }

    [Fact]
    public void An_architecture_outside_the_space_is_refused_with_its_line()
    {
        using var temp = new TempFolder();
        var csv = temp.File("bench.csv");
        // The smoke space has widths 8 and 16 (ops 0 and 1) and blocks of 2, 2 and 1 layers.
        File.WriteAllLines(csv, ["architecture,accuracy", "00|00|0,25", "02|00|0,26", "00|00,27", "11|11|1,28", "11|11|01,29"]);
        var toml = RunToml(csv);
        // The file alone is well formed: binding accepts it, the space (created with the components) does not.
        RunConfig.Parse(toml, "run.toml", TestPlugins.Host);

        var errors = Refused(toml).Errors.Select(e => e.ToString()).ToList();

        string at = $"run.toml:{LineOf(toml, "benchmark = ")}:1: pipeline.benchmark: {csv}";
        Assert.Contains(errors, e => e.StartsWith($"{at}:3: architecture '02|00|0' is not valid in this space", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"{at}:4: architecture '00|00' is not valid in this space", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"{at}:6: architecture '11|11|01' is not valid in this space", StringComparison.Ordinal));
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void A_compare_config_reports_its_bad_benchmark_once_at_the_compare_key()
    {
        using var temp = new TempFolder();
        var text = File.ReadAllText(Shipped("configs/smoke/compare.toml"));
        File.WriteAllText(temp.File("compare.toml"), text);
        Directory.CreateDirectory(temp.File("bench"));
        var rows = File.ReadAllLines(Shipped("configs/smoke/bench/benchmark.csv"));
        File.WriteAllLines(temp.File("bench/benchmark.csv"), rows.Append(rows[1]));

        var e = Assert.Throws<ConfigException>(() => CompareConfig.Load(temp.File("compare.toml"), [], TestPlugins.Host));

        var error = Assert.Single(e.Errors).ToString();
        Assert.Equal($"{temp.File("compare.toml")}:{LineOf(text, "benchmark = ")}:1: compare.benchmark: {temp.File("bench/benchmark.csv")}:10: " +
                     "architecture '00|00|0' is listed already on line 2", error);
    }

    public static IEnumerable<object[]> ShippedBenchmarks() =>
        new[] { "data/benchmarks", "configs" }.SelectMany(d => Directory.GetFiles(Shipped(d), "benchmark.csv", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal).Select(f => new object[] { Path.GetRelativePath(AppContext.BaseDirectory, f) });

    [Theory]
    [MemberData(nameof(ShippedBenchmarks))]
    public void The_shipped_benchmarks_pass(string relative)
    {
        Assert.Empty(GroundTruthCheck.File(Shipped(relative)));
        // Each in the space it was built in (configs/smoke/nats.toml; data/benchmarks/nats_fashion/recipe.toml).
        var widths = relative.StartsWith("configs", StringComparison.Ordinal) ? new[] { 8, 16 } : new[] { 8, 16, 24, 32 };
        var space = ComponentOptions.Create<ISearchSpace>(ComponentKind.SearchSpace, "nats", ("CandidateWidths", widths), ("BlockLayers", new[] { 2, 2, 1 }));
        Assert.Empty(GroundTruthCheck.InSpace(Shipped(relative), space));
    }

    [Fact]
    public void The_builders_table_passes_with_seeds_missing()
    {
        using var temp = new TempFolder();
        var plan = new BenchmarkPlan
        {
            Space = "nats", Seeds = [1, 2],
            Architectures = new[] { "00|00|0", "00|01|1", "11|11|1" }.Select((a, i) => new PlannedArchitecture { Architecture = a, MAdds = 1e6 * (i + 1), Params = 1000, Repeated = i != 1 }).ToList(),
        };
        var results = new Dictionary<BenchmarkUnit, BenchmarkUnitResult>
        {
            [new("00|00|0", 1)] = new() { Accuracy = 81.234, Seconds = 3.21 },
            [new("00|00|0", 2)] = new() { Accuracy = 80.5, Seconds = 3.0 },
            [new("00|01|1", 1)] = new() { Accuracy = 82, Seconds = 4 },
            [new("11|11|1", 2)] = new() { Accuracy = 90.1, Seconds = 5 },
        };
        BenchmarkTable.Write(temp.Path, plan, results);
        Assert.Empty(GroundTruthCheck.File(temp.File(BenchmarkTable.CsvName)));
        Assert.Equal(3, GroundTruth.Load(temp.File(BenchmarkTable.CsvName)).Count);
    }
}
