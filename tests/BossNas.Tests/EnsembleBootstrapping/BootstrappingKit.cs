using System.Reflection;
using BossNas.Core.Components;
using BossNas.Core.Data;
using BossNas.Core.Evaluation;
using BossNas.Core.Supervision;
using BossNas.Tests.Support;
using static TorchSharp.torch;

namespace BossNas.Tests.EnsembleBootstrapping;

/// <summary>
/// Reaches the BossNas plugin the way the engine does: components by name from the plugin host, options as
/// instances of their declared types set by property name. The plugin's public static <c>BootstrapMath</c> is
/// found through the component's assembly, so the test project still references no plugin.
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

    /// <summary>An options object of the component's type; enum values may be given by member name.</summary>
    public static object Options(ComponentKind kind, string name, IEnumerable<(string Name, object Value)> settings)
    {
        var d = TestPlugins.Host.Find(kind, name) ?? throw new InvalidOperationException($"{name} is not deployed");
        var options = Activator.CreateInstance(d.Options)!;
        foreach (var (prop, value) in settings)
        {
            var p = d.Options.GetProperty(prop) ?? throw new ArgumentException($"{d.Options.Name} has no {prop}");
            p.SetValue(options, p.PropertyType.IsEnum && value is string s ? Enum.Parse(p.PropertyType, s) : value);
        }
        return options;
    }

    /// <summary>A public static method of the plugin's <c>BootstrapMath</c> as a typed delegate.</summary>
    public static T Math<T>(string method) where T : Delegate
    {
        var asm = TestPlugins.Host.Find(ComponentKind.Supervision, Strategy)!.Type.Assembly;
        var type = asm.GetType("BossNas.Plugins.EnsembleBootstrapping.BootstrapMath", throwOnError: true)!;
        var parameters = typeof(T).GetMethod("Invoke")!.GetParameters().Select(p => p.ParameterType).ToArray();
        var m = type.GetMethod(method, BindingFlags.Public | BindingFlags.Static, parameters)
                ?? throw new MissingMethodException(type.FullName, method);
        return m.CreateDelegate<T>();
    }

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
