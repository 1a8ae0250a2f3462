using BossNas.Core.Architectures;
using static TorchSharp.torch;

namespace BossNas.Core.Spaces;

/// <summary>
/// A weight-sharing supernet: a module that runs its stem, then block by block along the chosen paths. All paths
/// through a layer share that layer's candidate ops. Strategies attach their own heads (projectors, classifiers,
/// teacher adapters) to the per-block features, whose shapes <see cref="BlockOutput"/> reports.
/// </summary>
public abstract class Supernet : nn.Module
{
    /// <summary>Names the module; derived classes call <c>RegisterComponents()</c> after creating fields.</summary>
    protected Supernet(string name) : base(name)
    {
    }

    /// <summary>Number of blocks.</summary>
    public abstract int BlockCount { get; }

    /// <summary>Runs the stem on a batch of images.</summary>
    public abstract Tensor ForwardStem(Tensor images);

    /// <summary>
    /// Runs block <paramref name="block"/> along <paramref name="path"/> on the output of the block before it;
    /// <paramref name="prefix"/> holds the paths of the blocks before (it decides e.g. the incoming level).
    /// </summary>
    public abstract Tensor ForwardBlock(int block, Tensor x, Architecture prefix, BlockPath path);

    /// <summary>Shape of block <paramref name="block"/>'s output along <paramref name="path"/>.</summary>
    public abstract FeatureShape BlockOutput(int block, Architecture prefix, BlockPath path);

    /// <summary>
    /// Every shape block <paramref name="block"/> can output, over all prefixes and paths, so strategies can
    /// build their per-block heads (e.g. one channel adapter per possible width) once, before training.
    /// </summary>
    public abstract IReadOnlyList<FeatureShape> PossibleBlockOutputs(int block);

    /// <summary>
    /// The modules that belong to block <paramref name="block"/> (all candidate ops of its layers) for training and
    /// freezing; a space may count its stem as part of block 0 (HyTra does), even though <see cref="ForwardStem"/>
    /// runs it.
    /// </summary>
    public abstract IEnumerable<nn.Module> BlockModules(int block);

    /// <summary>
    /// The modules <see cref="ForwardStem"/> runs, whatever block owns them: what a rating must treat as the fixed
    /// input of block 0 (its BatchNorm statistics are calibrated with the prefix, not per candidate). The default is
    /// every child module none of whose parts belongs to a block.
    /// </summary>
    public virtual IEnumerable<nn.Module> StemModules()
    {
        var inBlocks = new HashSet<nn.Module>(ReferenceEqualityComparer.Instance);
        for (int b = 0; b < BlockCount; b++)
            foreach (var m in BlockModules(b))
                foreach (var sub in m.modules().Prepend(m)) inBlocks.Add(sub);
        // Containers that hold block modules (a ModuleList of layers) are not stem modules.
        return named_children().Select(c => c.module).Where(m => !m.modules().Prepend(m).Any(inBlocks.Contains));
    }

    /// <summary>
    /// The module holding the weights of choice <paramref name="op"/> of layer <paramref name="layer"/> in block
    /// <paramref name="block"/> (BN-NAS reads the last BatchNorm of each candidate op; SPOS freezes or counts them).
    /// Spaces whose choices share one module (slimmable widths) return that shared module; a choice that no valid
    /// architecture can reach, or that has no weights (identity), gives null.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">No such block, layer or choice.</exception>
    public abstract nn.Module? CandidateOp(int block, int layer, int op);

    /// <summary>
    /// Runs the stem and the first <paramref name="blocks"/> blocks of <paramref name="architecture"/>
    /// (all of them when <paramref name="blocks"/> is negative).
    /// </summary>
    public virtual Tensor ForwardFeatures(Tensor images, Architecture architecture, int blocks = -1)
    {
        int n = blocks < 0 ? architecture.Blocks.Count : blocks;
        using var scope = NewDisposeScope();
        var x = ForwardStem(images);
        for (int b = 0; b < n; b++)
            x = ForwardBlock(b, x, architecture.Prefix(b), architecture.Blocks[b]);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>Parameters of block <paramref name="block"/>, for freezing or per-block optimisers.</summary>
    public IEnumerable<TorchSharp.Modules.Parameter> BlockParameters(int block) =>
        BlockModules(block).SelectMany(m => m.parameters());
}
