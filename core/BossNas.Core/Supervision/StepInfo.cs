namespace BossNas.Core.Supervision;

/// <summary>Where the trainer is inside a stage; strategies use it for schedules such as EMA momentum.</summary>
/// <param name="Step">Optimiser step within the stage, from 0.</param>
/// <param name="StepsInStage">Total optimiser steps of the stage.</param>
/// <param name="Epoch">Epoch within the stage, from 0.</param>
/// <param name="GlobalStep">Optimiser step across all stages.</param>
public readonly record struct StepInfo(int Step, int StepsInStage, int Epoch, long GlobalStep);
