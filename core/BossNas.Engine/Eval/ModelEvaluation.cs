using BossNas.Core.Components;
using BossNas.Core.Spaces;
using BossNas.Engine.Config;
using BossNas.Engine.Data;
using BossNas.Engine.Data.Augment;
using BossNas.Engine.Export;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Plugins;
using BossNas.Engine.Runs;
using BossNas.Engine.Training;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using NLog;
using TorchSharp;
using static TorchSharp.torch;

namespace BossNas.Engine.Eval;

/// <summary>The outcome of <c>bossnas eval</c>.</summary>
/// <param name="Correct">Correctly classified test images.</param>
/// <param name="Images">Test images.</param>
/// <param name="Runtime"><see cref="ModelEvaluation.RuntimeTorchSharp"/> or <see cref="ModelEvaluation.RuntimeOnnx"/>.</param>
public sealed record EvalResult(long Correct, int Images, string Runtime)
{
    /// <summary>Top-1 test accuracy, a fraction.</summary>
    public double Accuracy => (double)Correct / Images;
}

/// <summary>
/// <c>bossnas eval</c>: the test accuracy of a saved network (in TorchSharp) or of its ONNX export (in ONNX Runtime) on
/// the test split of a config's dataset. The data is read and normalised exactly as a run with that config reads it —
/// same splits from the same seed, normalisation from the training split — and batches go through the same loop as
/// the test accuracy of training, so the numbers are comparable with the ones training reported.
/// </summary>
public static class ModelEvaluation
{
    private static readonly Logger Log = LogManager.GetLogger("eval");

    /// <summary>Runtime name of a TorchSharp network.</summary>
    public const string RuntimeTorchSharp = "torchsharp";

    /// <summary>Runtime name of an ONNX model.</summary>
    public const string RuntimeOnnx = "onnx";

    /// <summary>
    /// Tests <paramref name="target"/> on the dataset of <paramref name="dataConfig"/> (by default the resolved config of
    /// the run folder the target lies in), with <c>--set</c> <paramref name="overrides"/> applied to that config.
    /// </summary>
    /// <exception cref="ConfigException">No config to take the data from, or it does not bind.</exception>
    /// <exception cref="InvalidDataException">The network does not fit the data, or its files are damaged.</exception>
    /// <exception cref="DataFormatException">The dataset's files are missing or corrupt, or the ONNX file's weights
    /// differ from what was exported (<see cref="OnnxInitializerDigest"/>).</exception>
    public static EvalResult Evaluate(EvalTarget target, string? dataConfig, IReadOnlyList<string> overrides, PluginHost host)
    {
        var configPath = dataConfig ?? target.RunConfig ?? throw new ConfigException([new ConfigError("--data", 0, 0,
            $"{target.Path} lies in no run folder: pass --data <config.toml> to name the dataset it is tested on")]);
        var config = DataConfig.Load(configPath, overrides);
        // Before the data is read: a damaged file is refused at once.
        if (target.IsOnnx) CheckOnnxWeights(target.Path);
        using var data = DatasetLoader.Load(config.Data, config.ResolvePath, config.Run.Seed);
        var views = new ViewPipelines(data.Train.Statistics());
        long correct = target.IsOnnx
            ? OnnxCorrect(target, data, views, config.Data.BatchSize)
            : TorchCorrect(target, target.RunConfig ?? configPath, data, views, config, host);
        return new EvalResult(correct, data.Test.Count, target.IsOnnx ? RuntimeOnnx : RuntimeTorchSharp);
    }

    /// <summary>The saved network rebuilt by its space, with the options of <paramref name="spaceConfig"/>.</summary>
    private static long TorchCorrect(EvalTarget target, string spaceConfig, DatasetSplits data, ViewPipelines views, DataConfig config,
        PluginHost host)
    {
        var section = RunConfig.Load(spaceConfig, [], host, ConfigUse.Train)[ComponentKind.SearchSpace];
        var space = host.Create<ISearchSpace>(ComponentKind.SearchSpace, section.Plugin, section.Options);
        var (model, _, _) = TrainedNetwork.Load(target.Folder, target.Name, space, section.Plugin, data.Shape);
        using (model)
        {
            var device = Devices.Choose(config.Run.Device, config.Run.Threads);
            model.to(device);
            model.eval();
            using var noGrad = no_grad();
            return Accuracy.Correct(images => model.call(images.to(device)), data.Test, views, config.Data.BatchSize);
        }
    }

    /// <summary>
    /// Checks the weights of the ONNX file <paramref name="path"/> against the digest its export recorded: a mismatch is
    /// an error; a file without one (an older export, another tool) is evaluated after a warning.
    /// </summary>
    /// <exception cref="DataFormatException">The weights differ from what was exported.</exception>
    public static void CheckOnnxWeights(string path)
    {
        string? recorded;
        string actual;
        try
        {
            (recorded, actual) = OnnxInitializerDigest.Read(File.ReadAllBytes(path));
        }
        catch (InvalidProtocolBufferException)
        {
            return; // Not a protobuf message at all: ONNX Runtime says so when it loads it.
        }
        if (recorded is null)
            Log.Warn("{Path}: no {Key} in its metadata (exported by an older version or another tool); its weights cannot be checked",
                path, OnnxInitializerDigest.MetadataKey);
        else if (!string.Equals(recorded, actual, StringComparison.OrdinalIgnoreCase))
            throw new DataFormatException(path, $"the weights differ from what was exported (their SHA-256 is {actual})",
                $"{recorded}, the {OnnxInitializerDigest.MetadataKey} recorded on export; export the network again");
    }

    private static long OnnxCorrect(EvalTarget target, DatasetSplits data, ViewPipelines views, int batchSize)
    {
        OnnxClassifier onnx;
        try
        {
            onnx = new OnnxClassifier(target.Path);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{target.Path}: not a model ONNX Runtime runs: {e.Message}", e);
        }
        using (onnx)
        {
            var shape = data.Shape;
            var input = onnx.InputDimensions;
            bool fits = input.Count == 4 && Fits(input[1], shape.Channels) && Fits(input[2], shape.Height) && Fits(input[3], shape.Width)
                        && onnx.OutputDimensions.Count == 2 && Fits(onnx.OutputDimensions[1], shape.Classes);
            if (!fits)
                throw new InvalidDataException($"{target.Path} takes [{string.Join(", ", input)}] and gives " +
                                               $"[{string.Join(", ", onnx.OutputDimensions)}]; the data is {shape}");
            // A model that normalises its input itself takes the images in [0, 1] as they are.
            if (onnx.Metadata.GetValueOrDefault(ExportDescription.FoldedKey) == "true")
                views = new ViewPipelines(new Normalization(new float[shape.Channels], Enumerable.Repeat(1f, shape.Channels).ToArray()));
            return Accuracy.Correct(onnx.Logits, data.Test, views, batchSize);
        }
    }

    /// <summary>A declared dimension fits a size when it is that size or symbolic.</summary>
    private static bool Fits(int declared, int size) => declared <= 0 || declared == size;
}
