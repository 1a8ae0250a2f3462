using BossNas.Core.Architectures;
using BossNas.Core.Nn;
using TorchSharp;
using BossNas.Engine.Training;
using NLog;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// The <c>inherit</c> phase: the found architecture's stand-alone network takes its weights from the trained supernet
/// (<c>ISearchSpace.InheritWeights</c>), its BatchNorm statistics are recalibrated on <c>[data] calibration_batches</c>
/// training batches, and it is tested, without any training (BigNAS and OFA report accuracy this way).
/// </summary>
internal static class InheritPhase
{
    private static readonly Logger Log = LogManager.GetLogger("inherit");

    /// <summary>Tests the found architecture with inherited weights; returns its test accuracy.</summary>
    public static double Run(RunSession s) => Test(s, Architecture.Parse(s.State.Architecture!), "inherit");

    /// <summary>
    /// Tests <paramref name="found"/> with inherited weights and recalibrated BN; records it under
    /// <paramref name="phase"/> (the control phase tests its random architectures this way when the pipeline inherits
    /// instead of retraining); returns its test accuracy.
    /// </summary>
    public static double Test(RunSession s, Architecture found, string phase)
    {
        var (space, strategy, _, _) = s.Components;
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
