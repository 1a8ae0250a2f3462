using BossNas.Engine.Config;

namespace BossNas.Engine.Training;

/// <summary>
/// Learning rate per optimiser step within a stage: linear warmup from ~0, then cosine, step or linear decay to
/// <c>min_lr</c>, or constant. A pure function of the step, so it restarts with every stage and needs no state
/// in checkpoints.
/// </summary>
internal sealed class LrSchedule
{
    private readonly OptimSection _o;
    private readonly int _stepsPerEpoch;
    private readonly int _totalSteps;

    /// <summary>Creates the schedule for a stage of <c>o.Epochs</c> epochs of <paramref name="stepsPerEpoch"/> steps.</summary>
    public LrSchedule(OptimSection o, int stepsPerEpoch)
    {
        _o = o;
        _stepsPerEpoch = Math.Max(1, stepsPerEpoch);
        _totalSteps = Math.Max(1, o.Epochs * _stepsPerEpoch);
    }

    /// <summary>Total optimiser steps of the stage.</summary>
    public int TotalSteps => _totalSteps;

    /// <summary>The learning rate of step <paramref name="step"/> (0-based).</summary>
    public double At(int step)
    {
        double warmup = _o.WarmupEpochs * _stepsPerEpoch;
        if (step < warmup) return _o.Lr * (step + 1) / warmup;
        double t = (step - warmup) / Math.Max(1.0, _totalSteps - warmup);
        return _o.Schedule switch
        {
            "cosine" => _o.MinLr + (_o.Lr - _o.MinLr) * 0.5 * (1 + Math.Cos(Math.PI * t)),
            "linear" => _o.Lr + (_o.MinLr - _o.Lr) * t,
            "step" => Math.Max(_o.MinLr, _o.Lr * Math.Pow(_o.StepGamma, step / _stepsPerEpoch / _o.StepEvery)),
            _ => _o.Lr,
        };
    }
}
