using BossNas.Core.Data;
using BossNas.Core.Supervision;
using TorchSharp.Modules;

namespace BossNas.Engine.Training;

/// <summary>What the trainer trains in one stage: a supernet stage of a strategy, or a stand-alone network.</summary>
internal interface ITrainingTask
{
    /// <summary>Name for logs and metrics (e.g. <c>block0</c>, <c>retrain</c>).</summary>
    string Name { get; }

    /// <summary>The data the task needs in every batch.</summary>
    ViewRequest Views { get; }

    /// <summary>The parameters the optimiser updates.</summary>
    IReadOnlyList<(string Name, Parameter Parameter)> Parameters { get; }

    /// <summary>Forward and backward on one batch (loss scaled by <paramref name="lossScale"/>); returns the loss.</summary>
    double Step(TrainBatch batch, StepInfo step, double lossScale);

    /// <summary>Called after each optimiser step.</summary>
    void AfterOptimizerStep(StepInfo step);
}
