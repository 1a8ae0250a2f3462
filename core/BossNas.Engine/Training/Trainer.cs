using System.Diagnostics;
using BossNas.Core.Supervision;
using BossNas.Engine.Config;
using BossNas.Engine.Data;
using BossNas.Engine.Training.Optimizers;
using static TorchSharp.torch;

namespace BossNas.Engine.Training;

/// <summary>
/// The training loop every strategy runs in: epochs of optimiser steps, each accumulating
/// <c>accumulate</c> batches, with a fresh optimiser and a restarted LR schedule per stage, gradient clipping,
/// and every step inside a dispose scope. It stops at a step boundary when cancelled, after a checkpoint.
/// </summary>
internal sealed class Trainer
{
    private readonly BatchPipeline _data;
    private readonly OptimSection _optim;
    private readonly DeviceRandom? _deviceRandom;

    /// <summary>
    /// Creates a trainer over a batch pipeline with optimiser settings. <paramref name="deviceRandom"/> seeds the
    /// accelerator's generators per step (default: <see cref="DeviceRandom.For"/> the parameters' device).
    /// </summary>
    public Trainer(BatchPipeline data, OptimSection optim, DeviceRandom? deviceRandom = null)
    {
        _data = data;
        _optim = optim;
        _deviceRandom = deviceRandom;
        // min_steps: as many more epochs as a small dataset needs (the LR schedule then spans all of them).
        if (optim.MinSteps > 0 && StepsPerStage < optim.MinSteps)
            _optim = optim.WithEpochs((optim.MinSteps + StepsPerEpoch - 1) / StepsPerEpoch);
    }

    /// <summary>Optimiser steps per epoch.</summary>
    public int StepsPerEpoch
    {
        get
        {
            int batches = _data.BatchesPerEpoch;
            if (_optim.MaxBatchesPerEpoch > 0) batches = Math.Min(batches, _optim.MaxBatchesPerEpoch);
            return Math.Max(1, batches / _optim.Accumulate);
        }
    }

    /// <summary>Total optimiser steps of a stage.</summary>
    public int StepsPerStage => StepsPerEpoch * _optim.Epochs;

    /// <summary>Called after optimiser steps: (position of the next step, optimiser, whether a checkpoint is due).</summary>
    public delegate void StepCallback(StagePosition next, Optimizer optimizer, StepMetrics metrics);

    /// <summary>
    /// Runs stage <paramref name="stage"/> of <paramref name="task"/> from <paramref name="from"/> to its end
    /// (or until <paramref name="cancel"/>). <paramref name="optimizerState"/> restores a resumed optimiser.
    /// Returns the position reached (the end position when finished).
    /// </summary>
    public StagePosition Run(ITrainingTask task, int stage, StagePosition from, long globalStepAtStart,
        IReadOnlyDictionary<string, Tensor>? optimizerState, StepCallback onStep, CancellationToken cancel)
    {
        using var optimizer = OptimizerFactory.Create(_optim, task.Parameters);
        if (optimizerState is not null) optimizer.LoadState(optimizerState);
        var deviceRandom = _deviceRandom ?? DeviceRandom.For(task.Parameters.Count > 0 ? task.Parameters[0].Parameter.device : CPU, _data.Seed);
        var schedule = new LrSchedule(_optim, StepsPerEpoch, _data.BatchSize * _optim.Accumulate);
        int acc = _optim.Accumulate, perEpoch = StepsPerEpoch;
        var position = from;
        for (int epoch = from.Epoch; epoch < _optim.Epochs; epoch++)
        {
            int firstStep = epoch == from.Epoch ? from.StepInEpoch : 0;
            var batches = _data.Epoch(stage, epoch, firstStep * acc, perEpoch * acc, task.Views, cancel);
            int stepInEpoch = firstStep, inGroup = 0;
            double lossSum = 0;
            long images = 0;
            var clock = Stopwatch.StartNew();
            optimizer.ZeroGrad();
            foreach (var batch in batches)
            {
                int step = epoch * perEpoch + stepInEpoch;
                if (inGroup == 0) deviceRandom.BeforeStep(stage, step);
                var info = new StepInfo(step, schedule.TotalSteps, epoch, globalStepAtStart + step);
                using (var scope = NewDisposeScope())
                using (batch)
                {
                    lossSum += task.Step(batch, info, 1.0 / acc);
                    images += batch.Size;
                }
                if (++inGroup < acc) continue;

                double lr = schedule.At(step);
                using (var scope = NewDisposeScope())
                {
                    if (_optim.ClipGradNorm > 0)
                        nn.utils.clip_grad_norm_(task.Parameters.Select(p => p.Parameter).Where(p => p.grad is not null),
                            _optim.ClipGradNorm);
                    optimizer.Step(lr);
                }
                optimizer.ZeroGrad();
                task.AfterOptimizerStep(info);
                double loss = lossSum / acc;
                if (!double.IsFinite(loss))
                    throw new TrainingDivergedException($"{task.Name}: loss became {loss} at step {step} (lr {lr:G4})");
                var metrics = new StepMetrics(task.Name, epoch, step, schedule.TotalSteps, info.GlobalStep, loss, lr,
                    images / Math.Max(1e-9, clock.Elapsed.TotalSeconds));
                stepInEpoch++;
                position = stepInEpoch == perEpoch ? new StagePosition(epoch + 1, 0, step + 1) : new StagePosition(epoch, stepInEpoch, step + 1);
                onStep(position, optimizer, metrics);
                (inGroup, lossSum, images) = (0, 0, 0);
                clock.Restart();
                if (cancel.IsCancellationRequested) return position;
            }
            if (cancel.IsCancellationRequested) return position;
        }
        return new StagePosition(_optim.Epochs, 0, StepsPerStage);
    }
}

/// <summary>The loss became NaN or infinite.</summary>
internal sealed class TrainingDivergedException(string message) : Exception(message);
