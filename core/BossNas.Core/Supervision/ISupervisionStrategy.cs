using BossNas.Core.Architectures;
using BossNas.Core.Data;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Core.Supervision;

/// <summary>
/// How a supernet is trained: the stages, the modules the strategy adds (target network, projectors,
/// predictors, teachers), the loss of a batch, and what follows each optimiser step. The engine owns the loop,
/// the optimiser, the schedule, checkpoints and memory scopes; the strategy owns the method.
/// </summary>
/// <remarks>
/// Call order: <see cref="Build"/> once; per stage <see cref="StartStage"/>, then per step
/// <see cref="TrainStep"/> (forward and backward, possibly several times for gradient accumulation) and, after
/// the optimiser stepped, <see cref="AfterOptimizerStep"/>.
/// </remarks>
public interface ISupervisionStrategy
{
    /// <summary>
    /// A reason why the strategy cannot train <paramref name="space"/> (e.g. it needs strict-fair sampling),
    /// or null. Checked when the config is validated, before anything heavy starts.
    /// </summary>
    string? CheckCompatible(ISearchSpace space);

    /// <summary>The stages for <paramref name="space"/>.</summary>
    IReadOnlyList<StageSpec> PlanStages(ISearchSpace space);

    /// <summary>Creates the supernet and the strategy's modules for images of <paramref name="input"/>.</summary>
    void Build(ISearchSpace space, InputShape input, RunContext context);

    /// <summary>The root module holding everything the strategy trains or keeps (checkpointed whole).</summary>
    nn.Module Modules { get; }

    /// <summary>The supernet built by <see cref="Build"/>.</summary>
    Supernet Supernet { get; }

    /// <summary>What the data pipeline must deliver in stage <paramref name="stage"/>.</summary>
    ViewRequest Views(StageSpec stage);

    /// <summary>
    /// Prepares stage <paramref name="stage"/> with the blocks fixed so far (<paramref name="fixedPrefix"/>),
    /// and returns the named parameters the optimiser trains in it.
    /// </summary>
    IReadOnlyList<(string Name, Parameter Parameter)> StartStage(StageSpec stage, Architecture fixedPrefix);

    /// <summary>
    /// Runs forward and backward for one batch (gradients accumulate; scale losses by
    /// <paramref name="lossScale"/>), and returns the loss value for logging. Runs inside the engine's dispose
    /// scope.
    /// </summary>
    double TrainStep(TrainBatch batch, StepInfo step, double lossScale, RunContext context);

    /// <summary>Called after each optimiser step (EMA updates of target networks).</summary>
    void AfterOptimizerStep(StepInfo step);

    /// <summary>
    /// After the space's <see cref="ISearchSpace.InheritWeights"/> (the <c>inherit</c> phase), copies what the strategy
    /// trained beyond the supernet into the stand-alone network where it has a counterpart (a single-path strategy's
    /// classifier head); returns a short note of what was copied, or null when nothing was (the default).
    /// </summary>
    string? InheritHead(nn.Module<Tensor, Tensor> standalone, Architecture architecture) => null;
}
