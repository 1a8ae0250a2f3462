namespace BossNas.Engine.Training;

/// <summary>One optimiser step's numbers, for metrics and progress.</summary>
/// <param name="Task">The training task's name.</param>
/// <param name="Epoch">Epoch within the stage.</param>
/// <param name="Step">Step within the stage.</param>
/// <param name="TotalSteps">Steps of the stage.</param>
/// <param name="GlobalStep">Step across stages.</param>
/// <param name="Loss">Mean loss of the step's batches.</param>
/// <param name="Lr">Learning rate used.</param>
/// <param name="ImagesPerSecond">Throughput of the step (images of the batches / wall time).</param>
public sealed record StepMetrics(string Task, int Epoch, int Step, int TotalSteps, long GlobalStep, double Loss, double Lr,
    double ImagesPerSecond);
