using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Data;
using BossNas.Core.Nn;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Core.Supervision.Capabilities;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.PluginTemplate;

/// <summary>
/// A plain whole-network strategy: one stage over the whole supernet; each step trains one uniformly sampled
/// architecture (its path and a <see cref="PathClassifier"/> head) with cross-entropy on the labels. Replace the
/// sampling and the loss with your method's.
/// </summary>
[Component(ComponentKind.Supervision, "example_single_path", Description = "example: supervised single-path training of the whole supernet")]
public sealed class ExampleSinglePath : ISupervisionStrategy, IPathLogits
{
    private Holder? _modules;
    private ISearchSpace? _space;

    /// <inheritdoc />
    public nn.Module Modules => Built;

    /// <inheritdoc />
    public Supernet Supernet => Built.Supernet;

    /// <summary>The classifier heads.</summary>
    public PathClassifier Classifier => Built.Classifier;

    /// <inheritdoc />
    /// <remarks>Declaring this capability lets any evaluator that rates by path accuracy (the host's <c>accuracy</c>
    /// too) rate this strategy's supernet.</remarks>
    public Tensor Logits(Tensor images, Architecture architecture) => Classifier.Logits(Supernet, images, architecture);

    private Holder Built => _modules ?? throw new InvalidOperationException("example_single_path: Build has not been called");

    /// <inheritdoc />
    public string? CheckCompatible(ISearchSpace space) => null;

    /// <inheritdoc />
    public IReadOnlyList<StageSpec> PlanStages(ISearchSpace space) => new[] { new StageSpec(0, "supernet", null) };

    /// <inheritdoc />
    public void Build(ISearchSpace space, InputShape input, RunContext context)
    {
        _space = space;
        var supernet = space.CreateSupernet(input);
        _modules = new Holder(supernet, new PathClassifier(supernet, input.Classes));
    }

    /// <inheritdoc />
    public ViewRequest Views(StageSpec stage) => ViewRequest.Supervised;

    /// <inheritdoc />
    public IReadOnlyList<(string Name, Parameter Parameter)> StartStage(StageSpec stage, Architecture fixedPrefix)
    {
        Built.train();
        return Built.named_parameters().Select(p => (p.name, p.parameter)).ToList();
    }

    /// <inheritdoc />
    public double TrainStep(TrainBatch batch, StepInfo step, double lossScale, RunContext context)
    {
        var arch = _space!.SampleArchitecture(context.Rng["sampling"]);
        var loss = nn.functional.cross_entropy(Classifier.Logits(Supernet, batch.Images, arch), batch.Labels);
        (loss * lossScale).backward();
        return loss.item<float>();
    }

    /// <inheritdoc />
    public void AfterOptimizerStep(StepInfo step)
    {
    }

    private sealed class Holder : nn.Module
    {
        private readonly Supernet supernet;
        private readonly PathClassifier classifier;

        public Holder(Supernet supernet, PathClassifier classifier) : base("single_path")
        {
            this.supernet = supernet;
            this.classifier = classifier;
            RegisterComponents();
        }

        public Supernet Supernet => supernet;

        public PathClassifier Classifier => classifier;
    }
}
