using BossNas.Core.Architectures;
using BossNas.Core.Data;
using BossNas.Core.Nn;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Core.Supervision.Capabilities;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.SinglePath;

/// <summary>
/// What SPOS, BN-NAS and BigNAS share: one whole-network stage over the supernet, supervised batches, and a
/// <see cref="PathClassifier"/> (global average pooling and one linear head per last-block width) that turns a path's
/// features into logits. The <c>accuracy</c> evaluator reads <see cref="Logits"/>; the <c>inherit</c> phase gets the
/// head through <see cref="InheritHead"/>.
/// </summary>
public abstract class SinglePathStrategy : ISupervisionStrategy, IPathLogits
{
    private SinglePathModules? _modules;
    private ISearchSpace? _space;

    /// <summary>The component name, for messages.</summary>
    protected abstract string Name { get; }

    /// <inheritdoc />
    public nn.Module Modules => Built;

    /// <inheritdoc />
    public Supernet Supernet => Built.Supernet;

    /// <summary>The classifier heads trained (or, for BN-NAS, kept at random init) with the supernet.</summary>
    public PathClassifier Classifier => Built.Classifier;

    /// <summary>The space passed to <see cref="Build"/>.</summary>
    protected ISearchSpace Space => _space ?? throw new InvalidOperationException($"{Name}: Build has not been called");

    /// <summary>The input shape passed to <see cref="Build"/>.</summary>
    protected InputShape Input { get; private set; }

    private SinglePathModules Built => _modules ?? throw new InvalidOperationException($"{Name}: Build has not been called");

    /// <inheritdoc />
    public virtual string? CheckCompatible(ISearchSpace space) => null;

    /// <summary>One stage, <c>supernet</c>, over the whole network.</summary>
    public IReadOnlyList<StageSpec> PlanStages(ISearchSpace space) => new[] { new StageSpec(0, "supernet", null) };

    /// <inheritdoc />
    public void Build(ISearchSpace space, InputShape input, RunContext context)
    {
        _space = space;
        Input = input;
        var supernet = space.CreateSupernet(input);
        _modules = new SinglePathModules(supernet, new PathClassifier(supernet, input.Classes));
        AfterBuild(context);
    }

    /// <summary>Called at the end of <see cref="Build"/> (initialisation rules of the method).</summary>
    protected virtual void AfterBuild(RunContext context)
    {
    }

    /// <inheritdoc />
    public ViewRequest Views(StageSpec stage) => ViewRequest.Supervised;

    /// <summary>Puts the modules in train mode and returns every parameter that requires a gradient.</summary>
    public virtual IReadOnlyList<(string Name, Parameter Parameter)> StartStage(StageSpec stage, Architecture fixedPrefix)
    {
        Built.train();
        return Built.named_parameters().Where(p => p.parameter.requires_grad).Select(p => (p.name, p.parameter)).ToList();
    }

    /// <inheritdoc />
    public abstract double TrainStep(TrainBatch batch, StepInfo step, double lossScale, RunContext context);

    /// <inheritdoc />
    public virtual void AfterOptimizerStep(StepInfo step)
    {
    }

    /// <summary>Logits [B, classes] of <paramref name="architecture"/>'s path.</summary>
    public Tensor Logits(Tensor images, Architecture architecture) => Classifier.Logits(Supernet, images, architecture);

    /// <summary>
    /// Copies the classifier head into the stand-alone network's last linear layer when that layer has the same shape
    /// as the head of the path's last width (the stand-alone network then computes pooling + linear on the same
    /// features as the supernet path, e.g. mbconv with <c>last_channels = 0</c>, <c>head_channels = 0</c>).
    /// </summary>
    public string? InheritHead(nn.Module<Tensor, Tensor> standalone, Architecture architecture)
    {
        var last = standalone.modules().OfType<Linear>().LastOrDefault();
        if (last is null) return null;
        var head = Classifier.Head(last.weight!.shape[1]);
        if (head is null || !head.weight!.shape.SequenceEqual(last.weight.shape)) return null;
        using (no_grad())
        {
            last.weight.copy_(head.weight);
            if (last.bias is not null && head.bias is not null) last.bias.copy_(head.bias);
        }
        return $"{Name}: classifier head for {last.weight.shape[1]} channels copied";
    }

    /// <summary>A uniformly drawn architecture (every block given the ones before), from the sampling stream.</summary>
    protected Architecture SampleUniform(RunContext context) => Space.SampleArchitecture(context.Rng["sampling"]);
}
