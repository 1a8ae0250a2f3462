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

namespace BossNas.Plugins.EnsembleBootstrapping;

/// <summary>
/// BossNAS's ensemble bootstrapping: the supernet is trained block by block, one stage per
/// block. In each step m paths of the current block are sampled; the target is the mean of the sampled paths'
/// L2-normalised projections by a momentum (EMA) copy of the supernet, and every online path predicts the
/// other view's ensemble target. Earlier blocks run along their fixed best paths.
/// </summary>
[Component(ComponentKind.Supervision, "ensemble_bootstrapping", typeof(EnsembleBootstrappingOptions),
    Description = "block-wise self-supervised training towards an ensemble of EMA-target paths (BossNAS)")]
public sealed partial class EnsembleBootstrapping : ISupervisionStrategy, ISiameseBlocks
{
    private readonly EnsembleBootstrappingOptions _options;
    private ISearchSpace? _space;
    private SiameseModules? _modules;
    private Device _device = CPU;

    // Per stage: the block trained, the fixed paths before it, and how many distinct paths it has.
    private int _block = -1;
    private Architecture _prefix = Architecture.Empty;
    private int _candidateCount;
    // The online parameters the stage trains: with frozen_target = "fixed" the target moves only where they are.
    private HashSet<Parameter> _trained = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates the strategy.</summary>
    public EnsembleBootstrapping(EnsembleBootstrappingOptions options) => _options = options;

    /// <inheritdoc />
    public nn.Module Modules => Built;

    /// <inheritdoc />
    public Supernet Supernet => Built.Online;

    /// <summary>The options.</summary>
    public EnsembleBootstrappingOptions Options => _options;

    /// <summary>The online/target supernets and heads.</summary>
    internal SiameseModules Built =>
        _modules ?? throw new InvalidOperationException("ensemble_bootstrapping: Build has not been called");

    /// <inheritdoc />
    public nn.Module Siamese => Built;

    /// <inheritdoc />
    public Supernet Online => Built.Online;

    /// <inheritdoc />
    public Supernet Target => Built.Target;

    /// <inheritdoc />
    public Tensor OnlineProjection(int block, Tensor features, Architecture prefix, BlockPath path) =>
        Built.OnlineProjection(block, features, prefix, path);

    /// <inheritdoc />
    public Tensor TargetProjection(int block, Tensor features, Architecture prefix, BlockPath path) =>
        Built.TargetProjection(block, features, prefix, path);

    /// <inheritdoc />
    public Tensor Predict(int block, Tensor projection) => Built.Predict(block, projection);

    /// <inheritdoc />
    public IReadOnlyList<nn.Module> Heads(int block) => [Built.OnlineNeck(block), Built.TargetNeck(block), Built.Predictor(block)];

    /// <inheritdoc />
    public string? CheckCompatible(ISearchSpace space)
    {
        if (space.Blocks.Count == 0) return "ensemble_bootstrapping needs a space with at least one block";
        if (_options.Sampling == SamplingChoice.Fair && !space.SupportsStrictFair)
            return "sampling = \"fair\" needs a space that supports strict-fair path sampling; use \"uniform\" or \"auto\"";
        return null;
    }

    /// <inheritdoc />
    public IReadOnlyList<StageSpec> PlanStages(ISearchSpace space)
    {
        _space = space;
        // Block b trains on top of the paths fixed for blocks 0..b-1 (the greedy search fixes them at stage ends).
        return space.Blocks.Select(b => new StageSpec(b.Index, $"block{b.Index}", b.Index, NeedsFixedPrefix: b.Index > 0)).ToList();
    }

    /// <inheritdoc />
    public void Build(ISearchSpace space, InputShape input, RunContext context)
    {
        var problem = CheckCompatible(space);
        if (problem is not null) throw new InvalidOperationException(problem);
        _space = space;
        _device = context.Device;
        _modules?.Dispose();
        var modules = new SiameseModules(space, input, _options);
        modules.to(_device);
        // A device move replaces the parameter objects; their requires_grad must be set on the new ones.
        modules.FreezeTarget();
        _modules = modules;
    }

    /// <inheritdoc />
    public ViewRequest Views(StageSpec stage)
    {
        int block = BlockOf(stage);
        int pairs = _options.Pairs == PairSharing.Shared ? 1 : PathsRequested(block);
        var pipeline = _options.Pipeline == BootstrapPipeline.Byol ? ViewPipelineNames.Byol : ViewPipelineNames.CropFlip;
        return new ViewRequest(pairs, pipeline);
    }

    /// <inheritdoc />
    public IReadOnlyList<(string Name, Parameter Parameter)> StartStage(StageSpec stage, Architecture fixedPrefix)
    {
        var m = Built;
        int block = BlockOf(stage);
        if (fixedPrefix.Blocks.Count != block)
            throw new ArgumentException($"stage {stage.Name} trains block {block} but the fixed prefix has " +
                                        $"{fixedPrefix.Blocks.Count} blocks", nameof(fixedPrefix));
        _block = block;
        _prefix = fixedPrefix;
        _candidateCount = Space.CandidatePaths(block, fixedPrefix).Count;
        m.train();

        var trainable = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
        void Add(IEnumerable<Parameter> ps) { foreach (var p in ps) trainable.Add(p); }
        Add(m.Online.BlockParameters(block));
        if (block == 0 || !_options.FreezeEarlierBlocks)
        {
            Add(m.OnlineStemParameters());
            for (int b = 0; b < block; b++) Add(m.Online.BlockParameters(b));
        }
        Add(m.OnlineNeck(block).parameters());
        Add(m.Predictor(block).parameters());
        _trained = trainable;
        // Names from the root module, so they match the checkpointed state dict.
        return m.named_parameters().Where(np => trainable.Contains(np.parameter))
            .Select(np => (np.name, np.parameter)).ToList();
    }

    /// <inheritdoc />
    public void AfterOptimizerStep(StepInfo step)
    {
        var m = Built;
        if (_block < 0) throw new InvalidOperationException("ensemble_bootstrapping: no stage started");
        // BYOL's schedule restarts with each block because Step counts within the stage (§3.7).
        double momentum = Ema.CosineMomentum(_options.BaseMomentum, step.Step, step.StepsInStage);
        if (_options.FrozenTarget == "ema") Ema.Update(m.Target, m.Online, momentum);
        else Ema.Update(m.Target, m.Online, momentum, _trained.Contains);
        m.UpdateTargetNeck(_block, momentum);
    }

    private ISearchSpace Space =>
        _space ?? throw new InvalidOperationException("ensemble_bootstrapping: PlanStages or Build has not been called");

    private bool UseFairSampling =>
        _options.Sampling == SamplingChoice.Fair ||
        (_options.Sampling == SamplingChoice.Auto && Space.SupportsStrictFair);

    /// <summary>Paths per step as far as known before the prefix: fair sampling gives one per op.</summary>
    private int PathsRequested(int block) =>
        UseFairSampling ? Space.Blocks[block].ChoiceNames.Max(c => c.Count) : _options.PathsPerStep;

    private static int BlockOf(StageSpec stage) =>
        stage.Block ?? throw new ArgumentException($"ensemble_bootstrapping stages are per block; '{stage.Name}' is not");
}
