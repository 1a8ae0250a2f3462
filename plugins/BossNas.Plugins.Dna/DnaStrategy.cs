using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Data;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Core.Supervision.Capabilities;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.Dna;

/// <summary>
/// DNA's block-wise distillation: one stage per block. In a step of stage b the
/// teacher (the host trains it in the <c>teacher</c> phase) gives, on the augmented batch, its block b − 1 output (the
/// guide; for block 0 the images, which go through the student's stem) and its block b output (the target); the student
/// runs one uniformly sampled path of block b on the detached guide and is trained on the MSE to the target. Only
/// block b (and the stem at block 0) is handed to the optimiser, and of it only the sampled path's ops get gradients:
/// the engine's optimisers give parameters without a gradient no update at all (no momentum, no weight decay), so
/// unsampled candidate ops stay as they are (the clean port; the public code's Adam kept moving them, gotcha 9).
/// Stages do not depend on each other's results: each block is fed by the teacher, so they could run in any order
/// or in parallel.
/// </summary>
[Component(ComponentKind.Supervision, "dna", typeof(DnaOptions),
    Description = "block-wise distillation of the supernet's blocks from a trained teacher (DNA)")]
public sealed class DnaStrategy : ISupervisionStrategy, IBlockDistillation
{
    private readonly DnaOptions _options;
    private ISearchSpace? _space;
    private DnaModules? _modules;
    private Architecture? _teacherArchitecture;
    private int _block = -1;

    /// <summary>Creates the strategy.</summary>
    public DnaStrategy(DnaOptions options) => _options = options;

    /// <summary>The options.</summary>
    public DnaOptions Options => _options;

    /// <inheritdoc />
    public nn.Module Modules => Built;

    /// <inheritdoc />
    public Supernet Supernet => Built.Supernet;

    /// <summary>The teacher, split into the space's blocks.</summary>
    public IStandaloneNetwork Teacher => (IStandaloneNetwork?)Built.Teacher
        ?? throw new InvalidOperationException("dna: the host has not handed over the teacher (is 'teacher' in [pipeline] phases?)");

    /// <summary>The teacher as a module (to switch its mode).</summary>
    public nn.Module TeacherModule => Built.Teacher ?? throw new InvalidOperationException("dna: no teacher");

    /// <summary>The teacher's architecture; its first b blocks are the prefix student block b runs after.</summary>
    public Architecture TeacherArchitecture =>
        _teacherArchitecture ?? throw new InvalidOperationException("dna: the host has not handed over the teacher");

    private DnaModules Built => _modules ?? throw new InvalidOperationException("dna: Build has not been called");

    private ISearchSpace Space => _space ?? throw new InvalidOperationException("dna: Build has not been called");

    /// <inheritdoc />
    public string? CheckCompatible(ISearchSpace space)
    {
        if (space.Blocks.Count == 0) return "dna needs a space with at least one block";
        if (!space.BlockInterfacesFixed && _options.OutputAdapter == OutputAdapter.None)
            return "dna feeds each student block the teacher's previous block output and compares its output with the " +
                   "teacher's block output, so every path of a block must take and give the same shapes whatever the other " +
                   "blocks chose; this space's blocks change their width or resolution with the path (where only the width " +
                   "changes, output_adapter = \"conv1x1\" maps each width to the teacher's)";
        if (_options.BlockLrScales.Length != 0 && _options.BlockLrScales.Length != space.Blocks.Count)
            return $"block_lr_scales has {_options.BlockLrScales.Length} factors for {space.Blocks.Count} blocks";
        return null;
    }

    /// <summary>One stage per block, teacher-fed (no fixed prefix needed), each with its learning-rate factor.</summary>
    public IReadOnlyList<StageSpec> PlanStages(ISearchSpace space) =>
        space.Blocks.Select(b => new StageSpec(b.Index, $"block{b.Index}", b.Index, NeedsFixedPrefix: false,
            LrScale: _options.BlockLrScales.Length == 0 ? 1.0 : _options.BlockLrScales[b.Index])).ToList();

    /// <inheritdoc />
    public void Build(ISearchSpace space, InputShape input, RunContext context)
    {
        if (CheckCompatible(space) is { } problem) throw new InvalidOperationException(problem);
        _space = space;
        _modules?.Dispose();
        var supernet = space.CreateSupernet(input);
        _modules = new DnaModules(supernet, _options.OutputAdapter == OutputAdapter.Conv1x1 ? new BlockAdapters(supernet) : null);
        _modules.to(context.Device);
        _teacherArchitecture = null;
    }

    /// <inheritdoc />
    public void SetTeacher(nn.Module<Tensor, Tensor> teacher, Architecture architecture)
    {
        if (teacher is not IStandaloneNetwork split)
            throw new ArgumentException($"dna: the teacher ({teacher.GetType().Name}) cannot be split into blocks; " +
                                        "choose the space's stand-alone form that implements IStandaloneNetwork", nameof(teacher));
        if (split.BlockCount != Space.Blocks.Count)
            throw new ArgumentException($"dna: the teacher has {split.BlockCount} blocks, the space {Space.Blocks.Count}", nameof(teacher));
        if (Space.Validate(architecture) is { } why)
            throw new ArgumentException($"dna: the teacher's architecture {architecture} is not one of the space: {why}", nameof(architecture));
        if (Built.Adapters is { } adapters && adapters.CheckTeacher(Enumerable.Range(0, Space.Blocks.Count)
                .Select(b => Supernet.BlockOutput(b, architecture.Prefix(b), architecture.Blocks[b])).ToList()) is { } mismatch)
            throw new ArgumentException($"dna: {mismatch}", nameof(architecture));
        Built.SetTeacher(teacher);
        _teacherArchitecture = architecture;
    }

    /// <summary>Supervised batches: teacher and student see the same augmented images.</summary>
    public ViewRequest Views(StageSpec stage) => ViewRequest.Supervised;

    /// <summary>Block b's candidate ops, and the stem at block 0; <paramref name="fixedPrefix"/> is not used.</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> StartStage(StageSpec stage, Architecture fixedPrefix)
    {
        int block = stage.Block ?? throw new ArgumentException($"dna stages are per block; '{stage.Name}' is not");
        _ = Teacher;
        _block = block;
        var trainable = new HashSet<Parameter>(Supernet.BlockParameters(block), ReferenceEqualityComparer.Instance);
        if (block == 0)
        {
            var inBlocks = new HashSet<Parameter>(Enumerable.Range(0, Space.Blocks.Count).SelectMany(Supernet.BlockParameters),
                ReferenceEqualityComparer.Instance);
            foreach (var p in Supernet.parameters().Where(p => !inBlocks.Contains(p))) trainable.Add(p);
        }
        if (Built.Adapters is { } adapters)
            foreach (var p in adapters.BlockParameters(block)) trainable.Add(p);
        return Built.named_parameters().Where(np => trainable.Contains(np.parameter)).Select(np => (np.name, np.parameter)).ToList();
    }

    /// <inheritdoc />
    public double TrainStep(TrainBatch batch, StepInfo step, double lossScale, RunContext context)
    {
        if (_block < 0) throw new InvalidOperationException("dna: no stage started");
        TeacherModule.train(_options.TeacherMode == TeacherMode.Train);
        var (guide, target) = TeacherSplit.GuideAndTarget(Teacher, _block, batch.Images);
        var prefix = TeacherArchitecture.Prefix(_block);
        var path = Space.SampleBlockPaths(_block, prefix, 1, PathSampling.Uniform, context.Rng["sampling"])[0];
        Supernet.train();
        var output = StudentPrediction(_block, guide.detach(), path);
        var loss = DistillationLoss.Mse(output, target);
        loss.mul(lossScale).backward();
        return loss.item<float>();
    }

    /// <inheritdoc />
    public void AfterOptimizerStep(StepInfo step)
    {
    }

    /// <summary>
    /// Student block <paramref name="block"/> along <paramref name="path"/> on the teacher's guide (for block 0 the
    /// images, through the student's stem).
    /// </summary>
    public Tensor StudentBlock(int block, Tensor guide, BlockPath path)
    {
        using var scope = NewDisposeScope();
        var x = block == 0 ? Supernet.ForwardStem(guide) : guide;
        return Supernet.ForwardBlock(block, x, TeacherArchitecture.Prefix(block), path).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// What is compared with the teacher's block output: <see cref="StudentBlock"/>, through the block's output adapter
    /// when <see cref="OutputAdapter.Conv1x1"/> is chosen.
    /// </summary>
    public Tensor StudentPrediction(int block, Tensor guide, BlockPath path)
    {
        if (Built.Adapters is not { } adapters) return StudentBlock(block, guide, path);
        using var scope = NewDisposeScope();
        return adapters.Adapt(block, StudentBlock(block, guide, path)).MoveToOuterDisposeScope();
    }
}
