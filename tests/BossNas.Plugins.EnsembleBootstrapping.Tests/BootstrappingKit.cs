using BossNas.Core.Components;
using BossNas.Core.Data;
using BossNas.Core.Evaluation;
using BossNas.Core.Supervision;
using BossNas.Tests.Support;
using static TorchSharp.torch;

namespace BossNas.Plugins.EnsembleBootstrapping.Tests;

/// <summary>
/// The ensemble-bootstrapping plugin's components as the engine builds them (by name from the plugin host, options bound
/// as a config section), small heads, and random batches.
/// </summary>
internal static class BootstrappingKit
{
    public const string Strategy = "ensemble_bootstrapping";
    public const string Evaluator = "population_center";

    /// <summary>Small heads so the tests stay fast.</summary>
    public static readonly (string, object)[] SmallHeads =
        { ("ProjectorHidden", 16), ("ProjectionDim", 8), ("PredictorHidden", 16) };

    public static ISupervisionStrategy CreateStrategy(params (string Name, object Value)[] settings) =>
        TestPlugins.Host.Create<ISupervisionStrategy>(ComponentKind.Supervision, Strategy,
            Options(ComponentKind.Supervision, Strategy, SmallHeads.Concat(settings)));

    public static IEvaluator CreateEvaluator(params (string Name, object Value)[] settings) =>
        TestPlugins.Host.Create<IEvaluator>(ComponentKind.Evaluator, Evaluator,
            Options(ComponentKind.Evaluator, Evaluator, settings));

    /// <summary>The options of the component as a config section would set them; enum values may be given by member name.</summary>
    public static object Options(ComponentKind kind, string name, IEnumerable<(string Name, object Value)> settings) =>
        ComponentOptions.Of(kind, name, settings);

    /// <summary>Random normalised-looking images [n, 3, 8, 8].</summary>
    public static Tensor Images(int n) => randn(n, 3, 8, 8);

    public static TrainBatch Batch(int images, int pairs) =>
        new(Images(images), zeros(images, dtype: ScalarType.Int64),
            Enumerable.Range(0, pairs).Select(_ => new ViewPair(Images(images), Images(images))).ToList());

    /// <summary>Every parameter and buffer, cloned.</summary>
    public static Dictionary<string, Tensor> Snapshot(nn.Module module) =>
        module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());

    public static Dictionary<string, Tensor> Parameters(nn.Module module) =>
        module.named_parameters().ToDictionary(np => np.name, np => np.parameter.detach().clone());
}

/// <summary>Fixed rating data made of random tensors.</summary>
internal sealed class TinyRatingData : IRatingData
{
    public TinyRatingData(int viewBatches, int calibrationBatches, int batchSize)
    {
        ViewBatches = Enumerable.Range(0, viewBatches)
            .Select(_ => new ViewPair(BootstrappingKit.Images(batchSize), BootstrappingKit.Images(batchSize))).ToList();
        CalibrationBatches = Enumerable.Range(0, calibrationBatches).Select(_ => BootstrappingKit.Images(batchSize)).ToList();
        CalibrationSecondViews = Enumerable.Range(0, calibrationBatches).Select(_ => BootstrappingKit.Images(batchSize)).ToList();
    }

    public IReadOnlyList<ViewPair> ViewBatches { get; }

    public IReadOnlyList<(Tensor Images, Tensor Labels)> LabelledBatches { get; } =
        Array.Empty<(Tensor Images, Tensor Labels)>();

    public IReadOnlyList<Tensor> CalibrationBatches { get; }

    public IReadOnlyList<Tensor> CalibrationSecondViews { get; }
}
