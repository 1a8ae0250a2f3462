using BossNas.Cli;
using BossNas.Engine.Eval;
using BossNas.Engine.Export;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Runs;
using BossNas.Tests.Support;

namespace BossNas.Tests.Export;

/// <summary>
/// <c>bossnas eval</c> on a network trained by <c>bossnas train</c> (the nats smoke config): the saved TorchSharp network
/// and its ONNX export get the same test accuracy, and it is the accuracy training reported (same data, same
/// normalisation); the command line prints it and refuses what it cannot test.
/// </summary>
[Collection("Torch")]
public sealed class OnnxEvalTests : IClassFixture<OnnxEvalTests.TrainedRun>
{
    private readonly TrainedRun _run;

    public OnnxEvalTests(TrainedRun run) => _run = run;

    /// <summary>One trained and exported network shared by the tests of this class.</summary>
    public sealed class TrainedRun : IDisposable
    {
        private readonly TempFolder _temp = new();

        public TrainedRun()
        {
            // A few more steps than the smoke profile's, so the network is better than chance.
            string[] sets = [$"run.output=\"{_temp.Path}\"", "retrain.epochs=3", "retrain.max_batches_per_epoch=5"];
            var (accuracy, folder) = TrainLauncher.Launch(Config, sets, "01|10|1", TestPlugins.Host, false, CancellationToken.None);
            Assert.NotNull(accuracy);
            Folder = folder;
            Exported = NetworkExporter.Export(folder.Path, TestPlugins.Host);
        }

        public static string Config => Path.Combine(AppContext.BaseDirectory, "configs", "smoke", "nats.toml");

        public RunFolder Folder { get; }

        public IReadOnlyList<string> Exported { get; }

        public string Onnx => Folder.File("model.onnx");

        public void Dispose() => _temp.Dispose();
    }

    [Fact]
    public void The_saved_network_and_its_onnx_export_get_the_accuracy_training_reported()
    {
        Assert.Contains(_run.Onnx, _run.Exported);
        var torch = ModelEvaluation.Evaluate(EvalTarget.Resolve(_run.Folder.Path), null, [], TestPlugins.Host);
        var onnx = ModelEvaluation.Evaluate(EvalTarget.Resolve(_run.Onnx), null, [], TestPlugins.Host);

        Assert.Equal((ModelEvaluation.RuntimeTorchSharp, ModelEvaluation.RuntimeOnnx), (torch.Runtime, onnx.Runtime));
        Assert.True(torch.Images > 0);
        Assert.Equal((torch.Correct, torch.Images), (onnx.Correct, onnx.Images));
        Assert.Equal(TrainedNetwork.Describe(_run.Folder.Path, TrainLauncher.ModelName).TestAccuracy, torch.Accuracy);
    }

    [Fact]
    public void Eval_prints_the_test_accuracy_with_the_runtime()
    {
        var expected = ModelEvaluation.Evaluate(EvalTarget.Resolve(_run.Onnx), null, [], TestPlugins.Host);
        var line = $"test accuracy {expected.Accuracy.ToString("P2", System.Globalization.CultureInfo.InvariantCulture)} on {expected.Images} test images";

        var (code, stdout, stderr) = Cli("eval", _run.Onnx, "--data", TrainedRun.Config);
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Equal($"{line} (onnx)", LastLine(stdout));

        (code, stdout, stderr) = Cli("eval", Path.Combine(_run.Folder.Path, "model.json"));
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Equal($"{line} (torchsharp)", LastLine(stdout));
    }

    [Fact]
    public void An_onnx_file_outside_a_run_folder_needs_a_data_config()
    {
        using var temp = new TempFolder();
        var copy = temp.File("model.onnx");
        File.Copy(_run.Onnx, copy);

        var (code, _, stderr) = Cli("eval", copy);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--data", stderr);

        (code, var stdout, stderr) = Cli("eval", copy, "--data", TrainedRun.Config);
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.EndsWith("(onnx)", LastLine(stdout));
    }

    [Fact]
    public void An_onnx_model_for_other_images_is_refused()
    {
        var (code, _, stderr) = Cli("eval", _run.Onnx, "--data", TrainedRun.Config, "--set", "data.synthetic_size=12");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("takes [-1, 1, 16, 16]", stderr);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"space\": \"nats\", \"archi")]
    public void A_damaged_model_json_is_one_line_naming_the_file_and_exit_2(string content)
    {
        using var temp = new TempFolder();
        var copy = temp.File("run");
        Directory.CreateDirectory(copy);
        foreach (var f in Directory.GetFiles(_run.Folder.Path)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        var json = Path.Combine(copy, "model.json");
        File.WriteAllText(json, content);

        foreach (var command in new[] { "eval", "export" })
        {
            var (code, _, stderr) = Cli(command, copy);
            Assert.Equal(ExitCodes.BadInput, code);
            var error = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"error: {json}: not valid JSON", error);
        }
    }

    /// <summary>The result line (log lines of the data loading come before it).</summary>
    private static string LastLine(string stdout) => stdout.Trim().Split('\n')[^1].Trim();

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = BossNasCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
