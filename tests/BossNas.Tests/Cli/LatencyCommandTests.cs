using System.Text.Json;
using System.Text.RegularExpressions;
using BossNas.Cli;

namespace BossNas.Tests.Cli;

/// <summary>
/// <c>bossnas latency</c>: <c>--json</c> is the whole of stdout and carries the figures of the text (measured in
/// TorchSharp and ONNX Runtime, predicted by the table), <c>--accuracy K</c> adds MAPE and τ over K architectures, and
/// a bad <c>[cost_metric.*]</c> option or a bad combination of options is exit code 2 with the place.
/// </summary>
[Collection("Torch")]
public sealed class LatencyCommandTests
{
    // The smoke NATS config (16x16 synthetic images) with fast timing and the table kept in memory only.
    private static string Config(TempFolder temp, string latencyOptions = "runs = 3\nwarmup = 1")
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", "smoke", "nats.toml")) + $"""

            [cost_metric.latency_ms]
            {latencyOptions}

            [cost_metric.latency_predicted_ms]
            runs = 3
            warmup = 1
            cache = false
            calibration = 2
            """;
        var path = temp.File("latency.toml");
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Code, string Out, string Err) Run(params string[] args) => CliHarness.Run(args);

    private static JsonElement Json(params string[] args) => CliHarness.Json(args);

    [Fact]
    public void Json_carries_measured_and_predicted_latency_of_each_sampled_architecture_the_text_shows()
    {
        using var temp = new TempFolder();
        var config = Config(temp);
        var json = Json("latency", config, "--samples", "2", "--json");
        var text = Run("latency", config, "--samples", "2").Out;

        Assert.Equal(("nats", 1, 1, 3), (json.GetProperty("space").GetString(), json.GetProperty("threads").GetInt32(),
            json.GetProperty("batch").GetInt32(), json.GetProperty("runs").GetInt32()));
        var table = json.GetProperty("table");
        Assert.True(table.GetProperty("layers").GetInt32() > 0);
        Assert.False(table.TryGetProperty("file", out _)); // kept in memory: no cache file
        var architectures = json.GetProperty("architectures").EnumerateArray().ToList();
        Assert.Equal(2, architectures.Count);
        foreach (var a in architectures)
        {
            Assert.True(a.GetProperty("torchsharp_ms").GetDouble() > 0);
            Assert.True(a.GetProperty("onnx_ms").GetDouble() > 0);
            Assert.True(a.GetProperty("predicted_ms").GetDouble() != 0);
            Assert.True(a.GetProperty("madds").GetDouble() > 0);
            Assert.Matches($@"(?m)^{Regex.Escape(a.GetProperty("architecture").GetString()!)}  .*: torchsharp [\d.]+ ms \(IQR [\d.]+\), onnxruntime [\d.]+ ms .*, predicted -?[\d.]+ ms$", text);
        }
        Assert.False(json.TryGetProperty("accuracy", out _));
        Assert.Contains($"latency table: {table.GetProperty("layers").GetInt32()} layers", text);
    }

    [Fact]
    public void Accuracy_mode_measures_and_predicts_k_architectures_and_gives_mape_and_tau()
    {
        using var temp = new TempFolder();
        var json = Json("latency", Config(temp), "--accuracy", "4", "--json");

        var accuracy = json.GetProperty("accuracy");
        Assert.Equal(4, accuracy.GetProperty("architectures").GetInt32());
        Assert.Equal(4, json.GetProperty("architectures").GetArrayLength());
        Assert.True(accuracy.GetProperty("mape_percent").GetDouble() >= 0);
        Assert.InRange(accuracy.GetProperty("kendall_tau").GetDouble(), -1, 1);
        // The accuracy compares the table with TorchSharp only.
        Assert.All(json.GetProperty("architectures").EnumerateArray(), a => Assert.False(a.TryGetProperty("onnx_ms", out _)));
    }

    [Fact]
    public void A_named_architecture_is_timed_alone()
    {
        using var temp = new TempFolder();
        var json = Json("latency", Config(temp), "--arch", "largest", "--json");
        // The smoke space's widths are 8 and 16 in blocks of 2, 2 and 1 layers: the largest takes 16 everywhere.
        Assert.Equal("11|11|1", json.GetProperty("architectures").EnumerateArray().Single().GetProperty("architecture").GetString());
    }

    [Fact]
    public void A_misspelt_timing_option_is_a_located_error_with_exit_2()
    {
        using var temp = new TempFolder();
        var (code, stdout, stderr) = Run("latency", Config(temp, "thread = 1"), "--json");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("", stdout);
        Assert.Matches(@"latency\.toml:\d+:\d+: .*thread", stderr);
    }

    [Fact]
    public void Accuracy_with_an_architecture_is_refused_with_exit_2()
    {
        using var temp = new TempFolder();
        var (code, _, stderr) = Run("latency", Config(temp), "--accuracy", "3", "--arch", "largest");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--accuracy", stderr);
    }
}
