using BossNas.Core.Data;
using BossNas.Core.Context;
using BossNas.Core.Supervision;
using TorchSharp.Modules;

namespace BossNas.Engine.Training;

/// <summary>A supernet training stage of a supervision strategy, as a training task.</summary>
internal sealed class StrategyTask : ITrainingTask
{
    private readonly ISupervisionStrategy _strategy;
    private readonly RunContext _context;

    /// <summary>Wraps stage <paramref name="stage"/> of <paramref name="strategy"/> after its StartStage.</summary>
    public StrategyTask(ISupervisionStrategy strategy, StageSpec stage, IReadOnlyList<(string Name, Parameter Parameter)> parameters,
        RunContext context)
    {
        _strategy = strategy;
        _context = context;
        Name = stage.Name;
        Views = strategy.Views(stage);
        Parameters = parameters;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public ViewRequest Views { get; }

    /// <inheritdoc />
    public IReadOnlyList<(string Name, Parameter Parameter)> Parameters { get; }

    /// <inheritdoc />
    public double Step(TrainBatch batch, StepInfo step, double lossScale) => _strategy.TrainStep(batch, step, lossScale, _context);

    /// <inheritdoc />
    public void AfterOptimizerStep(StepInfo step) => _strategy.AfterOptimizerStep(step);
}
