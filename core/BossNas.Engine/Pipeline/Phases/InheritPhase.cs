using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Nn;
using TorchSharp;
using BossNas.Engine.Training;
using NLog;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// The <c>inherit</c> phase: the found architecture's stand-alone network takes its weights from the trained supernet
/// (<c>ISearchSpace.InheritWeights</c>), its BatchNorm statistics are recalibrated on <c>[data] calibration_batches</c>
/// training batches, and it is tested, without any training (BigNAS and OFA report accuracy this way). With
/// <c>[pipeline] inherit_extremes</c> the space's largest and smallest architectures are tested the same way (BigNAS's
/// MAX and MIN: how good the extremes of one set of weights are without retraining).
/// </summary>
internal sealed class InheritPhase : IPhase
{
    private static readonly Logger Log = LogManager.GetLogger(PhaseNames.Inherit);

    /// <inheritdoc />
    public string Name => PhaseNames.Inherit;

    /// <inheritdoc />
    public IReadOnlyList<ComponentKind> Roles { get; } = [ComponentKind.Supervision];

    /// <inheritdoc />
    public IReadOnlyList<PhaseNeed> Needs { get; } =
    [
        new(PhaseNames.Supernet, "it takes the weights of the trained supernet"),
        new(PhaseNames.Search, "it tests the found architecture"),
    ];

    /// <inheritdoc />
    public string Produces => "the found architecture's test accuracy with supernet weights (and the largest's and smallest's with inherit_extremes)";

    /// <inheritdoc />
    public void Run(RunSession s, IReadOnlyDictionary<string, Tensor>? resumed)
    {
        var results = s.State.Results;
        results.Inherit = Test(s, Architecture.Parse(s.State.Architecture!), PhaseNames.Inherit);
        if (!s.Config.Pipeline.InheritExtremes) return;
        results.Largest = Test(s, s.Components.Space.Largest(s.Input), PhaseNames.Largest);
        results.Smallest = Test(s, s.Components.Space.Smallest(s.Input), PhaseNames.Smallest);
    }

    /// <summary>
    /// Tests <paramref name="found"/> with inherited weights and recalibrated BN; records it under
    /// <paramref name="phase"/> (the control phase tests its random architectures this way when the pipeline inherits
    /// instead of retraining); returns its test accuracy.
    /// </summary>
    public static double Test(RunSession s, Architecture found, string phase)
    {
        var (space, strategy) = (s.Components.Space, s.Components.Strategy);
        SupernetState.Ensure(s, null);
        using var model = space.CreateStandalone(found, s.Input);
        model.to(s.Device);
        space.InheritWeights(strategy.Supernet, model, found);
        if (strategy.InheritHead(model, found) is { } note) Log.Info("inherit: {Note}", note);
        using (var rating = s.CreateRatingData())
            BatchNormCalibration.Recalibrate(BatchNormCalibration.Find(model), rating.CalibrationBatches, x => model.call(x), model);
        double accuracy = Accuracy.Of(model, s.Data.Test, s.Views, s.Config.Data.BatchSize, s.Device);
        var cost = space.Cost(found, s.Input);
        s.Metrics.Write("test", new Dictionary<string, object?>
        {
            ["phase"] = phase, ["architecture"] = found.ToString(), ["test_accuracy"] = accuracy,
            ["madds"] = cost.MAdds, ["params"] = cost.Params,
        });
        Log.Info("{Phase}: test accuracy {Acc:P2} of {Arch} with supernet weights on {N} test images", phase, accuracy, found, s.Data.Test.Count);
        return accuracy;
    }
}
