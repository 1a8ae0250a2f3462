using BossNas.Engine.Config;

namespace BossNas.Engine.Training;

/// <summary>
/// Learning rate per optimiser step within a stage: linear warmup from ~0, then cosine, step or linear decay to
/// <c>min_lr</c>, or constant. A pure function of the step, so it restarts with every stage and needs no state
/// in checkpoints. With <c>lr_reference_batch</c> set, <c>lr</c> and <c>min_lr</c> are per that many images and scale
/// linearly with the images of an optimiser step (Goyal et al.'s rule, as BossNAS states its LR: 4.8 at 4096).
/// </summary>
internal sealed class LrSchedule
{
    private readonly OptimSection _o;
    private readonly int _stepsPerEpoch;
    private readonly int _totalSteps;

    private readonly double _scale;

    /// <summary>
    /// Creates the schedule for a stage of <c>o.Epochs</c> epochs of <paramref name="stepsPerEpoch"/> steps of
    /// <paramref name="imagesPerStep"/> images each.
    /// </summary>
    public LrSchedule(OptimSection o, int stepsPerEpoch, int imagesPerStep = 0)
    {
        _o = o;
        _scale = o.LrReferenceBatch > 0 && imagesPerStep > 0 ? (double)imagesPerStep / o.LrReferenceBatch : 1.0;
        _stepsPerEpoch = Math.Max(1, stepsPerEpoch);
        _totalSteps = Math.Max(1, o.Epochs * _stepsPerEpoch);
    }

    /// <summary>Total optimiser steps of the stage.</summary>
    public int TotalSteps => _totalSteps;

    /// <summary>The base learning rate after linear scaling.</summary>
    public double BaseLr => _o.Lr * _scale;

    /// <summary>The learning rate of step <paramref name="step"/> (0-based).</summary>
    public double At(int step) => Unscaled(step) * _scale;

    private double Unscaled(int step)
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
