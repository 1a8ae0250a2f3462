using BossNas.Core.Data;
using BossNas.Core.Supervision;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Engine.Training;

/// <summary>Supervised training of a classification network with (label-smoothed) cross-entropy.</summary>
internal sealed class SupervisedTask : ITrainingTask
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly double _labelSmoothing;

    /// <summary>Trains <paramref name="model"/> (all its parameters).</summary>
    public SupervisedTask(string name, nn.Module<Tensor, Tensor> model, double labelSmoothing)
    {
        Name = name;
        _model = model;
        _labelSmoothing = labelSmoothing;
        Parameters = model.named_parameters().Select(p => (p.name, p.parameter)).ToList();
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public ViewRequest Views => ViewRequest.Supervised;

    /// <inheritdoc />
    public IReadOnlyList<(string Name, Parameter Parameter)> Parameters { get; }

    /// <inheritdoc />
    public double Step(TrainBatch batch, StepInfo step, double lossScale)
    {
        _model.train();
        var logits = _model.call(batch.Images);
        var loss = nn.functional.cross_entropy(logits, batch.Labels, label_smoothing: _labelSmoothing);
        loss.mul(lossScale).backward();
        return loss.item<float>();
    }

    /// <inheritdoc />
    public void AfterOptimizerStep(StepInfo step)
    {
    }
}
