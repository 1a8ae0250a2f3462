using BossNas.Cli;
using BossNas.Engine.Correlation;
using BossNas.Tests.Support;

namespace BossNas.Tests.Cli;

/// <summary>
/// The <c>bossnas</c> command line run in-process through <see cref="BossNasCli.Run"/>: help, version, usage errors
/// and their exit codes, and the cheap commands (validate, plugins, correlate) end to end.
/// </summary>
[Collection("Torch")]
public sealed class CliTests
{
    private static string SmokeConfig(string space) => Path.Combine(AppContext.BaseDirectory, "configs", "smoke", $"{space}.toml");

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = BossNasCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Version_prints_the_program_version()
    {
        var (code, stdout, _) = Run("--version");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.StartsWith("bossnas 0.", stdout.Trim());
    }

    [Fact]
    public void Top_level_help_lists_every_command_and_the_exit_codes()
    {
        var (code, stdout, _) = Run("--help");
        Assert.Equal(ExitCodes.Ok, code);
        foreach (var command in new[] { "run", "train", "validate", "plan", "plugins", "export", "eval", "correlate", "runs", "proxy-correlate" })
            Assert.Matches($@"(?m)^\s+{command}\b", stdout);
        Assert.Contains("130 interrupted", stdout);
        Assert.Contains("143 terminated", stdout);
        // Each command's help lists them too (a run stopped by SIGTERM exits 143).
        var (runCode, runHelp, _) = Run("run", "--help");
        Assert.Equal(ExitCodes.Ok, runCode);
        Assert.Contains("143 terminated", runHelp);
    }

    [Fact]
    public void No_arguments_print_the_help_and_exit_2()
    {
        var (code, stdout, _) = Run();
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("COMMANDS:", stdout);
    }

    [Fact]
    public void Run_help_names_its_options()
    {
        var (code, stdout, _) = Run("run", "--help");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("--set", stdout);
        Assert.Contains("--new", stdout);
        Assert.Contains("--force", stdout);
        Assert.DoesNotContain("--resume", stdout);
    }

    [Theory]
    [InlineData("run", "<config-or-run-folder>", "--set --new --force --verbose")]
    [InlineData("train", "<config>", "--arch --set --verbose")]
    [InlineData("validate", "<config>", "--set --json --verbose")]
    [InlineData("plan", "<config>", "--set --json --verbose")]
    [InlineData("plugins", "", "--config --json --verbose")]
    [InlineData("correlate", "", "--space --ratings --truth --offset --json --verbose")]
    [InlineData("eval", "<model>", "--data --set --json --verbose")]
    [InlineData("compare", "<config>", "--arms --seeds --unit --report --json --set --verbose")]
    [InlineData("runs", "[output-root]", "--json --verbose")]
    [InlineData("benchmark", "<config>", "--out --architectures --repeats --unit --set --verbose")]
    public void Every_command_help_describes_its_arguments_and_options(string command, string argument, string options)
    {
        var (code, stdout, stderr) = Run(command, "--help");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("", stderr);
        Assert.Contains("DESCRIPTION:", stdout);
        Assert.Contains(argument, stdout);
        foreach (var option in options.Split(' '))
        {
            // Each option on its own line, followed by a description.
            Assert.Matches($@"(?m)^\s+{option}\b[^\n]*\s{{2,}}\w", stdout);
        }
    }

    [Fact]
    public void Help_and_version_words_still_work()
    {
        Assert.Equal(ExitCodes.Ok, Run("help").Code);
        Assert.Equal(Run("--version").Out, Run("version").Out);
    }

    [Fact]
    public void An_unknown_command_is_a_usage_error()
    {
        var (code, stdout, stderr) = Run("rnu", "x.toml");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("Unknown command 'rnu'", stderr);
        Assert.Contains("Did you mean 'run'?", stderr);
    }

    [Theory]
    [InlineData("run", "--help", "--bogus")]
    [InlineData("validate", "x.toml", "--bogus")]
    [InlineData("run", "x.toml", "--resume")]
    [InlineData("--bogus")]
    public void An_unknown_flag_is_a_usage_error(params string[] args)
    {
        var (code, _, stderr) = Run(args);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("option", stderr);
        Assert.DoesNotContain("needs a value", stderr);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("validate", "a.toml", "b.toml")]
    [InlineData("train", "x.toml")]
    [InlineData("correlate", "--space", "nats")]
    [InlineData("correlate", "--space", "nats", "--ratings", ".", "--truth", "t.yml", "--offset", "four")]
    [InlineData("validate", "no-such-config.toml")]
    [InlineData("eval")]
    [InlineData("eval", "no-such-model.onnx")]
    public void Missing_extra_or_malformed_arguments_are_usage_errors(params string[] args)
    {
        var (code, _, stderr) = Run(args);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--help", stderr);
    }

    [Fact]
    public void Validate_accepts_the_smoke_config()
    {
        var (code, stdout, stderr) = Run("validate", SmokeConfig("nats"), "--set", "train.epochs=2");
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Contains(": ok (config hash ", stdout);
    }

    [Fact]
    public void Validate_reports_a_misspelt_key_with_its_position_and_exits_2()
    {
        using var temp = new TempFolder();
        var config = temp.File("misspelt.toml");
        var text = File.ReadAllText(SmokeConfig("nats"));
        Assert.Contains("max_batches_per_epoch = 4", text);
        File.WriteAllText(config, text.Replace("max_batches_per_epoch = 4", "max_batchs_per_epoch = 4"));

        var (code, stdout, stderr) = Run("validate", config);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.DoesNotContain(": ok", stdout);
        Assert.Matches(@"misspelt\.toml:\d+:\d+: .*max_batchs_per_epoch", stderr);
        Assert.Contains("1 error(s) in the config; nothing was run.", stderr);
    }

    [Fact]
    public void Validate_refuses_a_set_whose_value_goes_on_after_a_newline_and_exits_2()
    {
        var (code, stdout, stderr) = Run("validate", SmokeConfig("nats"), "--set", "run.name=\"a\"\nseed=3");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.DoesNotContain(": ok", stdout);
        Assert.Contains("--set run.name=\"a\"\\nseed=3: run.name: ", stderr);
        Assert.Contains("1 error(s) in the config; nothing was run.", stderr);
    }

    [Fact]
    public void Plugins_lists_the_shipped_components()
    {
        var (code, stdout, _) = Run("plugins");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("[search_space]", stdout);
        Assert.Matches(@"(?m)^\s+hytra\s", stdout);
        Assert.Contains("greedy_blockwise", stdout);
    }

    [Fact]
    public void Plugins_lists_the_dna_components_with_their_options()
    {
        var (code, stdout, _) = Run("plugins");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Matches(@"(?m)^\s+dna\s", stdout);
        Assert.Matches(@"(?m)^\s+dna_loss\s", stdout);
        Assert.Matches(@"(?m)^\s+dna_budgeted\s", stdout);
        foreach (var option in new[] { "teacher_mode", "block_lr_scales", "rating_batches", "teacher_bn_correction", "max_madds", "top_k",
                     "max_paths_per_block" })
            Assert.Contains(option, stdout);
    }

    [Fact]
    public void Correlate_uses_the_block_offset()
    {
        using var temp = new TempFolder();
        var ratings = Directory.CreateDirectory(temp.File("ratings")).FullName;
        PathRankFile.Write(Path.Combine(ratings, "path_rank_0.yml"), [("1", -3.0), ("2", -2.0), ("3", -1.0)]);
        PathRankFile.Write(Path.Combine(ratings, "path_rank_1.yml"), [("1", -3.0), ("2", -2.5)]);
        var truth = temp.File("truth.csv");
        File.WriteAllLines(truth, ["architecture,accuracy", "1|1,90", "2|1,80", "3|2,70", "1|2,85"]);

        var (code, stdout, stderr) = Run("correlate", "--space", "hytra", "--ratings", ratings, "--truth", truth, "--offset", "0.5");

        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Contains("(rating + 0.5)", stdout);
        Assert.Contains("n=4", stdout.Trim().Split('\n')[^1]);
        Assert.Contains("kendall_tau_b=-1", stdout);
    }

    [Fact]
    public void Proxy_correlate_rates_a_truth_file_without_data_and_refuses_an_evaluator_that_needs_data()
    {
        using var temp = new TempFolder();
        // NATS keys differing in the last width only: more parameters, more accuracy, so params ranks them exactly.
        var truth = temp.File("truth.yml");
        File.WriteAllLines(truth, new[] { 8, 16, 24, 32, 40, 48 }.Select((w, i) => $"'8:16:8:16:{w}': {80 + i}.5"));

        var (code, stdout, stderr) = Run("proxy-correlate", "--space", "nats", "--truth", truth, "--evaluator", "params,synflow",
            "--input", "3x8x8", "--classes", "10");
        Assert.True(code == ExitCodes.Ok, stderr);
        var lines = stdout.Trim().Split('\n');
        Assert.Contains("6 architectures", lines[^3]);
        Assert.Contains("evaluator=params n=6 kendall_tau_b=1.0000", lines[^2]);
        Assert.Contains("top10_precision=1.0000", lines[^2]);
        Assert.Matches(@"evaluator=synflow n=6 kendall_tau_b=-?[01]\.\d{4} .* seconds=\d", lines[^1]);

        var (sampled, sampleOut, _) = Run("proxy-correlate", "--space", "nats", "--truth", truth, "--evaluator", "params", "--input", "3x8x8",
            "--sample", "4", "--seed", "3");
        Assert.Equal(ExitCodes.Ok, sampled);
        Assert.Contains("a seeded sample of its 6", sampleOut);
        Assert.Contains("evaluator=params n=4 ", sampleOut);

        var (dataCode, _, dataErr) = Run("proxy-correlate", "--space", "nats", "--truth", truth, "--evaluator", "jacov", "--input", "3x8x8");
        Assert.Equal(ExitCodes.BadInput, dataCode);
        Assert.Contains("cannot rate without data", dataErr);
        var (supernetCode, _, supernetErr) = Run("proxy-correlate", "--space", "nats", "--truth", truth, "--evaluator", "accuracy", "--input", "3x8x8");
        Assert.Equal(ExitCodes.BadInput, supernetCode);
        Assert.Contains("needs a trained supernet", supernetErr);
        var (shapeCode, _, shapeErr) = Run("proxy-correlate", "--space", "nats", "--truth", truth, "--evaluator", "params", "--input", "32x32");
        Assert.Equal(ExitCodes.BadInput, shapeCode);
        Assert.Contains("CxHxW", shapeErr);
    }

    [Fact]
    public void Proxy_correlate_with_a_score_file_goes_on_where_it_stopped_and_gives_the_one_call_figures()
    {
        using var temp = new TempFolder();
        var truth = temp.File("truth.yml");
        File.WriteAllLines(truth, new[] { 8, 16, 24, 32, 40, 48 }.SelectMany((w, i) =>
            new[] { $"'8:16:8:16:{w}': {80 + i}.5", $"'16:8:{w}:8:16': {70 + 2 * i}.25" }));
        string[] common = ["proxy-correlate", "--space", "nats", "--truth", truth, "--evaluator", "synflow", "--input", "3x8x8"];
        var (plainCode, plain, plainErr) = Run(common);
        Assert.True(plainCode == ExitCodes.Ok, plainErr);

        var scores = temp.File("scores.csv");
        var (fullCode, full, _) = Run([.. common, "--scores", scores]);
        Assert.Equal(ExitCodes.Ok, fullCode);
        var lines = File.ReadAllLines(scores);
        Assert.Equal("# space=nats input=3x8x8 classes=10 seed=0", lines[0]);
        Assert.Equal(2 + 12, lines.Length);
        // The same figures as one call without the file (seconds aside).
        static string Figures(string output) => System.Text.RegularExpressions.Regex.Replace(output.Trim().Split('\n')[^1], @" seconds=\S+", "");
        Assert.Equal(Figures(plain), Figures(full));

        // Stopped after 5 scores, the last one cut mid-line: the rerun keeps the 4 whole ones, rates the other 8, same figures.
        File.WriteAllText(scores, string.Join("\n", lines.Take(2 + 5)) [..^3]);
        var (resumedCode, resumed, resumedErr) = Run([.. common, "--scores", scores]);
        Assert.Equal(ExitCodes.Ok, resumedCode);
        Assert.Equal(Figures(plain), Figures(resumed));
        Assert.Contains("synflow: 12 of 12 rated", resumedErr);
        var after = File.ReadAllLines(scores);
        Assert.Equal(2 + 12, after.Length);
        Assert.Equal(lines.Skip(2).Order(), after.Skip(2).Order(), new ColumnsButSeconds());
        // A file made for another seed is refused with its line.
        var (otherCode, _, otherErr) = Run([.. common, "--scores", scores, "--seed", "1"]);
        Assert.Equal(ExitCodes.BadInput, otherCode);
        Assert.Contains("scores.csv:1:", otherErr);
        Assert.Contains("seed=0", otherErr);
    }

    /// <summary>Score lines equal in evaluator, architecture and score (the seconds differ between runs).</summary>
    private sealed class ColumnsButSeconds : IEqualityComparer<string>
    {
        public bool Equals(string? x, string? y) => x?[..x.LastIndexOf(',')] == y?[..y.LastIndexOf(',')];

        public int GetHashCode(string obj) => obj[..obj.LastIndexOf(',')].GetHashCode(StringComparison.Ordinal);
    }

    [Fact]
    public void Correlate_reports_unreadable_ratings_as_bad_input()
    {
        using var temp = new TempFolder();
        var truth = temp.File("truth.csv");
        File.WriteAllLines(truth, ["architecture,accuracy", "1|1,90"]);
        var (code, _, stderr) = Run("correlate", "--space", "hytra", "--ratings", temp.Path, "--truth", truth);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith("error: ", stderr);
    }

    [Fact]
    public void Correlate_names_the_known_spaces_for_an_unknown_one()
    {
        using var temp = new TempFolder();
        var truth = temp.File("truth.csv");
        File.WriteAllLines(truth, ["architecture,accuracy", "1|1,90"]);
        var (code, _, stderr) = Run("correlate", "--space", "natz", "--ratings", temp.Path, "--truth", truth);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("did you mean 'nats'", stderr);
        Assert.Contains("known: ", stderr);
    }
}
