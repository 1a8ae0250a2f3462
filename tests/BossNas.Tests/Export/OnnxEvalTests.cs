using BossNas.Cli;
using BossNas.Engine.Eval;
using BossNas.Engine.Export;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Runs;
using BossNas.Tests.Support;
using Google.Protobuf;

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
    public void Eval_json_carries_the_figures_the_text_shows()
    {
        var (code, text, stderr) = Cli("eval", _run.Onnx, "--data", TrainedRun.Config);
        Assert.True(code == ExitCodes.Ok, stderr);
        (code, var stdout, stderr) = Cli("eval", _run.Onnx, "--data", TrainedRun.Config, "--json");
        Assert.True(code == ExitCodes.Ok, stderr);

        using var json = System.Text.Json.JsonDocument.Parse(stdout);
        var r = json.RootElement;
        double accuracy = r.GetProperty("accuracy").GetDouble();
        Assert.Equal((double)r.GetProperty("correct").GetInt64() / r.GetProperty("images").GetInt32(), accuracy);
        Assert.Equal($"test accuracy {accuracy.ToString("P2", System.Globalization.CultureInfo.InvariantCulture)} on " +
                     $"{r.GetProperty("images").GetInt32()} test images ({r.GetProperty("runtime").GetString()})", LastLine(text));
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

    [Fact]
    public void An_exported_onnx_file_records_the_digest_of_its_weights_and_evaluates_without_a_warning()
    {
        var (recorded, actual) = OnnxInitializerDigest.Read(File.ReadAllBytes(_run.Onnx));
        Assert.Equal(64, recorded?.Length);
        Assert.Equal(actual, recorded);
        using (var model = new OnnxClassifier(_run.Onnx))
            Assert.Equal(recorded, model.Metadata[OnnxInitializerDigest.MetadataKey]);

        var (code, stdout, stderr) = Cli("eval", _run.Onnx);
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.EndsWith("(onnx)", LastLine(stdout));
        Assert.DoesNotContain("cannot be checked", stdout + stderr);
    }

    [Fact]
    public void An_onnx_file_with_flipped_weight_bytes_is_one_line_naming_the_file_and_exit_2()
    {
        using var temp = new TempFolder();
        var copy = temp.File("model.onnx");
        var bytes = File.ReadAllBytes(_run.Onnx);
        // Flip bytes in the middle of the largest initializer's raw data.
        var (at, length) = LargestRawData(bytes);
        Assert.True(length >= 32);
        for (int i = 0; i < 16; i++) bytes[at + length / 2 + i] ^= 0xFF;
        File.WriteAllBytes(copy, bytes);

        var (code, _, stderr) = Cli("eval", copy, "--data", TrainedRun.Config);
        Assert.Equal(ExitCodes.BadInput, code);
        var error = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: {copy}: the weights differ from what was exported", error);
    }

    [Fact]
    public void An_onnx_file_without_the_digest_is_evaluated_with_a_warning_that_it_cannot_be_checked()
    {
        using var temp = new TempFolder();
        var copy = temp.File("model.onnx");
        File.WriteAllBytes(copy, WithoutMetadata(File.ReadAllBytes(_run.Onnx), OnnxInitializerDigest.MetadataKey));
        Assert.Null(OnnxInitializerDigest.Read(File.ReadAllBytes(copy)).Recorded);
        var expected = ModelEvaluation.Evaluate(EvalTarget.Resolve(_run.Onnx), null, [], TestPlugins.Host);

        var (code, stdout, stderr) = Cli("eval", copy, "--data", TrainedRun.Config);
        Assert.True(code == ExitCodes.Ok, stderr);
        var warning = Assert.Single((stdout + stderr).Split('\n'), l => l.Contains("cannot be checked"));
        Assert.Contains($"{copy}: no {OnnxInitializerDigest.MetadataKey}", warning);
        Assert.Contains("WARN", warning);
        var accuracy = expected.Accuracy.ToString("P2", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"test accuracy {accuracy} on {expected.Images} test images (onnx)", LastLine(stdout));
    }

    /// <summary>Where in a <c>ModelProto</c>'s bytes the largest initializer's <c>raw_data</c> lies.</summary>
    private static (int At, int Length) LargestRawData(byte[] model)
    {
        // Each nested message is read on its own; its offset in the file is where the reader stood less its length.
        var best = (At: 0, Length: 0);
        foreach (var (graph, graphAt) in Fields(model, 0, 7))
        foreach (var (tensor, tensorAt) in Fields(graph, graphAt, 5))
        foreach (var (raw, rawAt) in Fields(tensor, tensorAt, 9))
            if (raw.Length > best.Length) best = (rawAt, raw.Length);
        return best;
    }

    /// <summary>The length-delimited fields <paramref name="number"/> of a message lying at <paramref name="offset"/>, with their offsets.</summary>
    private static IEnumerable<(byte[] Value, int Offset)> Fields(byte[] message, int offset, int number)
    {
        var input = new CodedInputStream(message);
        var found = new List<(byte[], int)>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                var value = input.ReadBytes().ToByteArray();
                found.Add((value, offset + (int)input.Position - value.Length));
            }
            else input.SkipLastField();
        }
        return found;
    }

    /// <summary>A <c>ModelProto</c>'s bytes without its <c>metadata_props</c> entry <paramref name="key"/> (field 14).</summary>
    private static byte[] WithoutMetadata(byte[] model, string key)
    {
        using var result = new MemoryStream();
        var output = new CodedOutputStream(result);
        var input = new CodedInputStream(model);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var wire = WireFormat.GetTagWireType(tag);
            if (wire == WireFormat.WireType.LengthDelimited)
            {
                var value = input.ReadBytes();
                if (WireFormat.GetTagFieldNumber(tag) == 14 && new CodedInputStream(value.ToByteArray()) is var entry
                    && entry.ReadTag() != 0 && entry.ReadString() == key) continue;
                output.WriteTag(tag);
                output.WriteBytes(value);
            }
            else
            {
                Assert.Equal(WireFormat.WireType.Varint, wire);
                output.WriteTag(tag);
                output.WriteInt64(input.ReadInt64());
            }
        }
        output.Flush();
        return result.ToArray();
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
