using System.Text.Json;
using BossNas.Engine.Config;
using BossNas.Engine.Data;
using BossNas.Engine.Data.Augment;
using BossNas.Engine.Eval;
using BossNas.Engine.Export;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Runs;
using Microsoft.ML.OnnxRuntime;
using StbImageSharp;
using StbImageWriteSharp;

namespace BossNas.Tests.Export;

/// <summary>
/// Exports that describe themselves: a smoke-trained network's ONNX model, run in ONNX Runtime on the test images as PNG
/// files, preprocessed only from its own metadata (or, with the normalisation folded into the graph, on pixel values /
/// 255), classifies them exactly as <c>bossnas eval</c> does; the mean and std are what training used, recorded at
/// training time; the safetensors metadata and <c>model.config.json</c> carry the same description; class names come
/// from datasets that have them.
/// </summary>
[Collection("Torch")]
public sealed class SelfDescribingExportTests : IClassFixture<SelfDescribingExportTests.ExportedRun>
{
    private readonly ExportedRun _run;

    public SelfDescribingExportTests(ExportedRun run) => _run = run;

    /// <summary>One trained network exported plain (<see cref="Plain"/>) and with folded normalisation (<see cref="Folded"/>).</summary>
    public sealed class ExportedRun : IDisposable
    {
        private readonly TempFolder _temp = new();

        public ExportedRun()
        {
            string[] sets = [$"run.output=\"{_temp.Path}\"", "retrain.epochs=3", "retrain.max_batches_per_epoch=5"];
            var (accuracy, folder) = TrainLauncher.Launch(Config, sets, "01|10|1", TestPlugins.Host, false, CancellationToken.None);
            Assert.NotNull(accuracy);
            Folder = folder;
            NetworkExporter.Export(folder.Path, TestPlugins.Host);
            Plain = _temp.File("plain.onnx");
            File.Copy(folder.File("model.onnx"), Plain);
            PlainConfigJson = File.ReadAllText(folder.File("model.config.json"));
            Exported = NetworkExporter.Export(folder.Path, TestPlugins.Host, foldNormalization: true);
            Images = WriteTestImages(_temp.File("images"));
            Eval = ModelEvaluation.Evaluate(EvalTarget.Resolve(folder.Path), null, [], TestPlugins.Host);
        }

        public static string Config => Path.Combine(AppContext.BaseDirectory, "configs", "smoke", "nats.toml");

        public RunFolder Folder { get; }

        public string Plain { get; }

        public string PlainConfigJson { get; }

        public string Folded => Folder.File("model.onnx");

        public IReadOnlyList<string> Exported { get; }

        /// <summary>The test split as PNG files and their labels, as a user of the model would have them.</summary>
        public IReadOnlyList<(string File, long Label)> Images { get; }

        /// <summary>What <c>bossnas eval</c> reports for the trained network (TorchSharp).</summary>
        public EvalResult Eval { get; }

        private IReadOnlyList<(string, long)> WriteTestImages(string dir)
        {
            Directory.CreateDirectory(dir);
            var config = DataConfig.Load(Folder.File(RunFolder.ConfigFile), []);
            using var data = DatasetLoader.Load(config.Data, config.ResolvePath, config.Run.Seed);
            var test = data.Test;
            var pixels = ((ImageTensors)test).Images.data<byte>().ToArray();
            int size = test.Channels * test.Height * test.Width;
            var files = new List<(string, long)>();
            for (int i = 0; i < test.Count; i++)
            {
                var file = Path.Combine(dir, $"{i}.png");
                using (var stream = File.Create(file))
                    new ImageWriter().WritePng(pixels.AsSpan(i * size, size).ToArray(), test.Width, test.Height,
                        StbImageWriteSharp.ColorComponents.Grey, stream);
                files.Add((file, test.LabelsArray[i]));
            }
            return files;
        }

        public void Dispose() => _temp.Dispose();
    }

    [Fact]
    public void The_onnx_model_on_png_files_preprocessed_from_its_own_metadata_classifies_as_bossnas_eval_does()
    {
        var predictions = Classify(_run.Plain, out var metadata);

        Assert.Equal("false", metadata[ExportDescription.FoldedKey]);
        Assert.Equal(_run.Eval.Images, predictions.Length);
        Assert.Equal(_run.Eval.Correct, predictions.Zip(_run.Images).LongCount(p => p.First == p.Second.Label));
        // The comparison is between a trained network's answers (chance is a quarter), not two constant ones.
        Assert.True(_run.Eval.Accuracy > 0.3, $"accuracy {_run.Eval.Accuracy}");
        Assert.True(predictions.Distinct().Count() > 1, "one class for every image");
    }

    [Fact]
    public void With_folded_normalisation_the_model_takes_pixels_over_255_and_gives_the_same_predictions()
    {
        var folded = Classify(_run.Folded, out var metadata);
        var plain = Classify(_run.Plain, out _);

        Assert.Equal("true", metadata[ExportDescription.FoldedKey]);
        Assert.Equal(plain, folded);
        Assert.Contains(_run.Folded, _run.Exported);
        // bossnas eval reads the flag and feeds the folded model unnormalised images.
        var eval = ModelEvaluation.Evaluate(EvalTarget.Resolve(_run.Folded), null, [], TestPlugins.Host);
        Assert.Equal((_run.Eval.Correct, _run.Eval.Images), (eval.Correct, eval.Images));
    }

    [Fact]
    public void The_mean_and_std_are_the_ones_training_normalised_with_recorded_when_it_trained()
    {
        var recorded = TrainedNetwork.Describe(_run.Folder.Path, TrainLauncher.ModelName).Preprocessing;
        var config = DataConfig.Load(_run.Folder.File(RunFolder.ConfigFile), []);
        using var data = DatasetLoader.Load(config.Data, config.ResolvePath, config.Run.Seed);
        var used = data.Train.Statistics();

        Assert.NotNull(recorded);
        Assert.Equal(used.Mean, recorded.Mean);
        Assert.Equal(used.Std, recorded.Std);
        Assert.Equal(("L", "squash", 1.0), (recorded.ChannelOrder, recorded.CropMode, recorded.CropPct));
        Assert.Null(recorded.LabelNames); // synthetic classes have no names
    }

    [Fact]
    public void Safetensors_metadata_and_config_json_carry_the_same_description_in_timms_field_names()
    {
        using var onnx = new InferenceSession(_run.Plain);
        var meta = onnx.ModelMetadata.CustomMetadataMap;
        var weights = SafeTensors.ReadMetadata(_run.Folder.File("model.safetensors"));
        foreach (var key in new[] { "search_space", "architecture", "input_size", "mean", "std", "interpolation", "crop_pct", "num_classes", "test_accuracy" })
            Assert.Equal(meta[key], weights[key]);
        Assert.False(weights.ContainsKey(ExportDescription.FoldedKey));

        using var plain = JsonDocument.Parse(_run.PlainConfigJson);
        using var folded = JsonDocument.Parse(File.ReadAllText(_run.Folder.File("model.config.json")));
        var root = plain.RootElement;
        var cfg = root.GetProperty("pretrained_cfg");
        Assert.Equal("01|10|1", root.GetProperty("architecture").GetString());
        Assert.Equal("nats", root.GetProperty("search_space").GetString());
        Assert.Equal(_run.Eval.Accuracy, root.GetProperty("test_accuracy").GetDouble());
        Assert.Equal([1, 16, 16], cfg.GetProperty("input_size").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(Floats(meta["mean"]), cfg.GetProperty("mean").EnumerateArray().Select(e => e.GetSingle()));
        Assert.Equal(Floats(meta["std"]), cfg.GetProperty("std").EnumerateArray().Select(e => e.GetSingle()));
        Assert.Equal(4, cfg.GetProperty("num_classes").GetInt32());
        Assert.Equal("bilinear", cfg.GetProperty("interpolation").GetString());
        Assert.Equal(1.0, cfg.GetProperty("crop_pct").GetDouble());
        Assert.Equal("model.onnx", root.GetProperty("files").GetProperty("onnx").GetString());
        Assert.False(root.GetProperty("onnx").GetProperty(ExportDescription.FoldedKey).GetBoolean());
        Assert.True(folded.RootElement.GetProperty("onnx").GetProperty(ExportDescription.FoldedKey).GetBoolean());
        Assert.False(root.TryGetProperty("label_names", out _));
    }

    [Fact]
    public void A_folder_trained_with_a_train_config_of_no_other_component_exports()
    {
        using var temp = new TempFolder();
        foreach (var f in Directory.GetFiles(_run.Folder.Path)) File.Copy(f, temp.File(Path.GetFileName(f)));
        var resolved = temp.File(RunFolder.ConfigFile);
        var kept = File.ReadAllText(resolved).Split("\n[").Where(s => !s.StartsWith("supervision]") && !s.StartsWith("searcher]") && !s.StartsWith("evaluator]"));
        File.WriteAllText(resolved, string.Join("\n[", kept));
        Assert.DoesNotContain("[supervision]", File.ReadAllText(resolved));

        var written = NetworkExporter.Export(temp.Path, TestPlugins.Host);

        Assert.Contains(temp.File("model.onnx"), written);
        Assert.Contains(temp.File("model.config.json"), written);
    }

    [Fact]
    public void Class_names_come_from_fashion_mnist_and_from_image_folders()
    {
        var fashion = new DataSection
        {
            Dataset = "fashion-mnist", Root = Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist-subset"), TrainLimit = 100, TestLimit = 20,
        };
        using (var data = DatasetLoader.Load(fashion, p => p, 0))
        {
            var p = InputPreprocessing.Of(data, data.Train.Statistics());
            Assert.Equal("L", p.ChannelOrder);
            Assert.Equal(["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"], p.LabelNames!);
        }

        using var temp = new TempFolder();
        foreach (var split in new[] { "train", "val" })
            foreach (var label in new[] { "cat", "dog" })
                for (int i = 0; i < 4; i++)
                {
                    var dir = temp.File(Path.Combine(split, label));
                    Directory.CreateDirectory(dir);
                    using var stream = File.Create(Path.Combine(dir, $"{i}.png"));
                    new ImageWriter().WritePng(Enumerable.Repeat((byte)(40 * i), 8 * 8 * 3).ToArray(), 8, 8, StbImageWriteSharp.ColorComponents.RedGreenBlue, stream);
                }
        var folder = new DataSection { Dataset = "imagefolder", Root = temp.Path, ImageSize = 8, ValFraction = 0.25 };
        using (var data = DatasetLoader.Load(folder, p => p, 0))
        {
            var p = InputPreprocessing.Of(data, data.Train.Statistics());
            Assert.Equal("RGB", p.ChannelOrder);
            Assert.Equal(["cat", "dog"], p.LabelNames!);
        }
    }

    /// <summary>
    /// Classifies the test PNGs with the ONNX model at <paramref name="path"/>, knowing nothing but its metadata: the input
    /// size and channel order, the mean and std, and whether the graph normalises by itself.
    /// </summary>
    private long[] Classify(string path, out IReadOnlyDictionary<string, string> metadata)
    {
        using var session = new InferenceSession(path);
        metadata = session.ModelMetadata.CustomMetadataMap;
        var size = Ints(metadata["input_size"]);
        var (mean, std) = (Floats(metadata["mean"]), Floats(metadata["std"]));
        bool folded = metadata[ExportDescription.FoldedKey] == "true";
        var components = metadata["channel_order"] == "L" ? StbImageSharp.ColorComponents.Grey : StbImageSharp.ColorComponents.RedGreenBlue;
        int c = size[0], h = size[1], w = size[2], n = _run.Images.Count;
        var input = new float[n * c * h * w];
        for (int i = 0; i < n; i++)
        {
            var image = ImageResult.FromMemory(File.ReadAllBytes(_run.Images[i].File), components);
            Assert.Equal((w, h), (image.Width, image.Height));
            for (int ch = 0; ch < c; ch++)
                for (int p = 0; p < h * w; p++)
                {
                    float x = image.Data[p * c + ch] / 255f;
                    input[((i * c) + ch) * h * w + p] = folded ? x : (x - mean[ch]) / std[ch];
                }
        }
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [n, c, h, w]);
        using var outputs = session.Run(new RunOptions(), [session.InputNames[0]], [tensor], [session.OutputNames[0]]);
        var logits = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        int classes = logits.Length / n;
        return Enumerable.Range(0, n).Select(i => (long)Array.IndexOf(logits, logits.Skip(i * classes).Take(classes).Max(), i * classes) - i * classes).ToArray();
    }

    private static float[] Floats(string json) => JsonSerializer.Deserialize<float[]>(json)!;

    private static int[] Ints(string json) => JsonSerializer.Deserialize<int[]>(json)!;
}
