using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using BossNas.Cli;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Correlation;
using BossNas.Engine.Runs;

namespace BossNas.Tests.Cli;

/// <summary>
/// <c>--json</c>: each command's document is the whole of stdout, parses, and carries the figures its text shows; errors
/// stay on stderr with the text's exit codes.
/// </summary>
[Collection("Torch")]
public sealed class JsonOutputTests
{
    private static string SmokeConfig(string name) => Path.Combine(AppContext.BaseDirectory, "configs", "smoke", $"{name}.toml");

    private static (int Code, string Out, string Err) Run(params string[] args) => CliHarness.Run(args);

    private static JsonElement Json(params string[] args) => CliHarness.Json(args);

    [Fact]
    public void Validate_json_carries_the_config_hash_the_text_shows()
    {
        var text = Run("validate", SmokeConfig("nats")).Out;
        var json = Json("validate", SmokeConfig("nats"), "--json");

        var shown = Regex.Match(text, "config hash ([0-9a-f]{12})").Groups[1].Value;
        Assert.StartsWith(shown, json.GetProperty("config_hash").GetString());
        Assert.Equal(64, json.GetProperty("config_hash").GetString()!.Length);
        Assert.Equal(("run", true), (json.GetProperty("use").GetString(), json.GetProperty("ok").GetBoolean()));
    }

    [Fact]
    public void Validate_json_of_a_compare_config_lists_its_arms()
    {
        var text = Run("validate", SmokeConfig("compare")).Out;
        var json = Json("validate", SmokeConfig("compare"), "--json");

        var arms = json.GetProperty("arms").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Equal("compare", json.GetProperty("use").GetString());
        Assert.Contains($"({arms.Count} arms: {string.Join(", ", arms)})", text);
    }

    [Fact]
    public void A_bad_config_under_json_is_still_a_located_error_on_stderr_with_exit_2()
    {
        using var temp = new TempFolder();
        var config = temp.File("misspelt.toml");
        File.WriteAllText(config, File.ReadAllText(SmokeConfig("nats")).Replace("max_batches_per_epoch = 4", "max_batchs_per_epoch = 4"));

        var (code, stdout, stderr) = Run("validate", config, "--json");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("", stdout);
        Assert.Matches(@"misspelt\.toml:\d+:\d+: .*max_batchs_per_epoch", stderr);
    }

    [Fact]
    public void Plan_json_carries_the_space_blocks_costs_and_phases_the_text_shows()
    {
        var text = Run("plan", SmokeConfig("nats")).Out;
        var json = Json("plan", SmokeConfig("nats"), "--json");

        Assert.Contains($"search space  {json.GetProperty("space").GetString()}  for {json.GetProperty("input").GetString()}", text);
        Assert.Contains($"architectures {json.GetProperty("architectures").GetDouble().ToString("N0", CultureInfo.CurrentCulture)}", text);
        var blocks = json.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(Regex.Matches(text, @"(?m)^block \d+:").Count, blocks.Count);
        foreach (var b in blocks)
            Assert.Contains($"block {b.GetProperty("index").GetInt32()}: {b.GetProperty("layers").GetInt32()} layers, " +
                            $"{b.GetProperty("candidates").GetInt32()} candidates after prefix '{b.GetProperty("prefix").GetString()}'", text);
        var cost = json.GetProperty("cost");
        Assert.Contains($"MAdds {BossNas.Core.Architectures.Cost.Human(cost.GetProperty("min_madds").GetDouble())}..", text);
        Assert.Equal(Regex.Matches(text, @"(?m)^phase ").Count, json.GetProperty("phases").GetArrayLength());
        Assert.Contains($"stages: {string.Join(", ", json.GetProperty("stages").EnumerateArray().Select(s => s.GetString()))};", text);
    }

    [Fact]
    public void Plugins_json_lists_the_components_the_text_lists()
    {
        var text = Run("plugins").Out;
        var json = Json("plugins", "--json");

        var components = json.GetProperty("components").EnumerateArray().ToList();
        Assert.Contains($"{components.Count} components from {json.GetProperty("assemblies").GetInt32()} plugin assemblies", text);
        var dna = components.Single(c => c.GetProperty("name").GetString() == "dna" && c.GetProperty("kind").GetString() == "supervision");
        foreach (var option in dna.GetProperty("options").EnumerateArray())
            Assert.Contains($"{option.GetProperty("key").GetString()} = {option.GetProperty("default").GetString()}", text);
        Assert.Contains(components, c => c.GetProperty("name").GetString() == "hytra" && c.GetProperty("kind").GetString() == "search_space");
    }

    [Fact]
    public void Correlate_json_carries_the_correlations_of_the_text()
    {
        using var temp = new TempFolder();
        var ratings = Directory.CreateDirectory(temp.File("ratings")).FullName;
        PathRankFile.Write(Path.Combine(ratings, "path_rank_0.yml"), [("1", -3.0), ("2", -2.0), ("3", -1.0)]);
        PathRankFile.Write(Path.Combine(ratings, "path_rank_1.yml"), [("1", -3.0), ("2", -2.5)]);
        var truth = temp.File("truth.csv");
        File.WriteAllLines(truth, ["architecture,accuracy", "1|1,90", "2|1,80", "3|2,70", "1|2,85"]);
        string[] args = ["correlate", "--space", "hytra", "--ratings", ratings, "--truth", truth, "--offset", "0.5"];

        var text = Run(args).Out.Trim().Split('\n')[^1];
        var json = Json([.. args, "--json"]);

        var result = new CorrelationResult(json.GetProperty("n").GetInt32(), json.GetProperty("kendall_tau_b").GetDouble(),
            json.GetProperty("spearman_rho").GetDouble(), json.GetProperty("pearson_r").GetDouble());
        Assert.Equal(text, result.ToString());
        Assert.Equal(0.5, json.GetProperty("offset").GetDouble());
    }

    [Fact]
    public void Runs_json_lists_what_the_text_lists()
    {
        using var temp = new TempFolder();
        var folder = RunFolder.CreateAt(temp.File("demo/20250101-120000"), "[run]\n", new string('b', 64));
        var state = new RunState { Architecture = "01|10" };
        state.Results.Retrain = 0.625;
        File.WriteAllText(folder.File("state.json"), state.ToJson());
        folder.MarkDone();

        var text = Run("runs", temp.Path).Out;
        var json = Json("runs", temp.Path, "--json");

        var run = Assert.Single(json.GetProperty("runs").EnumerateArray().ToList());
        Assert.Equal(("demo", "finished", "01|10", 0.625), (run.GetProperty("name").GetString(), run.GetProperty("status").GetString(),
            run.GetProperty("architecture").GetString(), run.GetProperty("accuracy").GetDouble()));
        Assert.Contains("finished    run        demo bbbbbbbbbbbb  found 01|10, 62.50 %", text);
        Assert.True(File.Exists(json.GetProperty("index").GetString()));
    }

    [Fact]
    public void Runs_lists_a_folder_that_cannot_take_its_index_and_says_so()
    {
        using var temp = new TempFolder();
        RunFolder.CreateAt(temp.File("demo/20250101-120000"), "[run]\n", new string('c', 64));
        Directory.CreateDirectory(temp.File("index.html")); // in the way of the page, as read-only storage would be (root writes anyway)

        var (code, stdout, stderr) = Run("runs", temp.Path, "--json");

        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.StartsWith("warning: index.html not written", stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Null, json.RootElement.TryGetProperty("index", out var index) ? index.ValueKind : JsonValueKind.Null);
        Assert.Equal("interrupted", Assert.Single(json.RootElement.GetProperty("runs").EnumerateArray().ToList()).GetProperty("status").GetString());
    }

    [Fact]
    public void Compare_json_needs_report_and_lists_no_arm_before_one_finished()
    {
        var (code, stdout, stderr) = Run("compare", SmokeConfig("compare"), "--json");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("", stdout);
        Assert.Contains("--json needs --report", stderr);

        using var temp = new TempFolder();
        string[] args = ["compare", SmokeConfig("compare"), "--report", "--set", $"run.output=\"{temp.File("out")}\""];
        var text = Run(args).Out;
        var json = Json([.. args, "--json"]);
        Assert.Contains($"{json.GetProperty("finished").GetInt32()} of {json.GetProperty("planned").GetInt32()} arm run(s) finished", text);
        Assert.Equal(0, json.GetProperty("arms").GetArrayLength());
        Assert.False(json.TryGetProperty("report", out _));
    }
}
