using System.Globalization;
using System.Text;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Plugins.ElasticMBConv.Dynamic;
using BossNas.Plugins.ElasticMBConv.Standalone;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.ElasticMBConv;

/// <summary>
/// BigNAS's elastic MBConv space at CPU scale: one supernet holding the largest network's tensors, every child a slice
/// (a 3x3 kernel is the centre of the 5x5, an expansion or width the first channels, a depth the first layers of a stage,
/// a resolution a resize inside the forward). Genes: block 0 = (resolution, first-conv width); block 1 + s = stage s's
/// (output width, depth, kernel, expansion). Every gene combination is valid.
/// </summary>
[Component(ComponentKind.SearchSpace, "elastic_mbconv", typeof(ElasticOptions),
    Description = "BigNAS elastic MBConv: one sliced supernet (kernel, expansion, width, depth, resolution), per-stage genes")]
public sealed class ElasticMBConvSpace : ISearchSpace
{
    private readonly ElasticLayout _layout;

    /// <summary>Creates the space.</summary>
    /// <exception cref="ArgumentException">The options are inconsistent.</exception>
    public ElasticMBConvSpace(ElasticOptions options)
    {
        _layout = new ElasticLayout(options);
        Blocks = Enumerable.Range(0, _layout.BlockCount).Select(b => new BlockInfo(b, _layout.ChoiceNames(b))).ToArray();
    }

    /// <inheritdoc />
    public IReadOnlyList<BlockInfo> Blocks { get; }

    /// <summary>False: genes have different numbers of choices within a block.</summary>
    public bool SupportsStrictFair => false;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Architecture> NamedArchitectures { get; } = new Dictionary<string, Architecture>();

    /// <summary>Convolutions and BatchNorms are slices of the largest network's.</summary>
    public ChoiceSharing Sharing { get; } = new(WeightSharing.Sliced, WeightSharing.Sliced);

    /// <inheritdoc />
    public string? Validate(Architecture architecture, bool allowPartial = false)
    {
        int n = architecture.Blocks.Count;
        if (n > _layout.BlockCount) return $"has {n} blocks, the space has {_layout.BlockCount}";
        if (!allowPartial && n != _layout.BlockCount) return $"has {n} blocks, a complete architecture has {_layout.BlockCount}";
        for (int b = 0; b < n; b++)
        {
            var reason = _layout.CheckPath(b, architecture.Blocks[b]);
            if (reason is not null) return $"block {b} ({architecture.Blocks[b]}): {reason}";
        }
        return null;
    }

    /// <inheritdoc />
    public double CountArchitectures() =>
        Enumerable.Range(0, _layout.BlockCount).Aggregate(1.0, (p, b) => p * PathCount(b));

    private double PathCount(int block) => _layout.ChoiceCounts(block).Aggregate(1.0, (p, c) => p * c);

    /// <summary>Every gene combination of the block, the last gene varying fastest.</summary>
    public IReadOnlyList<BlockPath> CandidatePaths(int block, Architecture prefix)
    {
        if (block < 0 || block >= _layout.BlockCount) throw new ArgumentOutOfRangeException(nameof(block));
        if (prefix.Blocks.Count != block)
            throw new ArgumentException($"block {block} needs a prefix of {block} blocks, got {prefix.Blocks.Count}");
        IEnumerable<int[]> paths = [[]];
        foreach (var count in _layout.ChoiceCounts(block))
            paths = paths.SelectMany(p => Enumerable.Range(0, count).Select(c => p.Append(c).ToArray()));
        return paths.Select(p => new BlockPath(p)).ToArray();
    }

    /// <summary>Distinct paths drawn uniformly without replacement.</summary>
    /// <exception cref="NotSupportedException"><see cref="PathSampling.StrictFair"/>.</exception>
    public IReadOnlyList<BlockPath> SampleBlockPaths(int block, Architecture prefix, int count, PathSampling mode, SeededRandom rng)
    {
        if (mode == PathSampling.StrictFair)
            throw new NotSupportedException("elastic_mbconv does not support strict-fair sampling: its genes have different numbers of choices");
        var candidates = CandidatePaths(block, prefix);
        return rng.SampleWithoutReplacement(candidates.Count, Math.Min(count, candidates.Count)).Select(i => candidates[i]).ToArray();
    }

    /// <summary>Each gene drawn uniformly and independently (BigNAS's random child).</summary>
    public Architecture SampleArchitecture(SeededRandom rng) =>
        new(Enumerable.Range(0, _layout.BlockCount).Select(b => new BlockPath(_layout.ChoiceCounts(b).Select(c => rng.Next(c)).ToArray())));

    /// <summary>Every gene at its last (largest) choice.</summary>
    public Architecture Largest(InputShape input) =>
        new(Enumerable.Range(0, _layout.BlockCount).Select(b => new BlockPath(_layout.ChoiceCounts(b).Select(c => c - 1).ToArray())));

    /// <summary>Every gene at its first (smallest) choice: depth 1 in every stage, never an empty stage.</summary>
    public Architecture Smallest(InputShape input) =>
        new(Enumerable.Range(0, _layout.BlockCount).Select(b => new BlockPath(new int[_layout.ChoiceCounts(b).Length])));

    /// <inheritdoc />
    public Supernet CreateSupernet(InputShape input) => new ElasticSupernet(_layout, input);

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> CreateStandalone(Architecture architecture, InputShape input)
    {
        RequireValid(architecture);
        return new StaticNetwork(_layout, _layout.Decode(architecture), input);
    }

    /// <summary>Copies the child's slices: [:out, :in] of convolutions, the centre of depthwise kernels, BN slices with running statistics.</summary>
    public void InheritWeights(Supernet supernet, nn.Module<Tensor, Tensor> standalone, Architecture architecture)
    {
        RequireValid(architecture);
        if (supernet is not ElasticSupernet source) throw new ArgumentException("the supernet is not an elastic_mbconv supernet");
        if (standalone is not StaticNetwork target) throw new ArgumentException("the network is not an elastic_mbconv stand-alone network");
        var child = _layout.Decode(architecture);
        if (!child.Equals(target.Child) && !(child.Resolution == target.Child.Resolution && child.Stages.SequenceEqual(target.Child.Stages) && child.FirstWidth == target.Child.FirstWidth))
            throw new ArgumentException($"the network was built for another architecture than {architecture}");
        using var noGrad = no_grad();
        Conv(target.FirstConv, source.First.Conv.Weight);
        Bn(target.FirstBn, source.First.Bn);
        for (int s = 0; s < _layout.Stages; s++)
            for (int l = 0; l < child.Stages[s].Depth; l++)
            {
                var t = target.Layer(s, l);
                var f = source.Stage(s).Layer(l);
                if (t.ExpandConv is not null)
                {
                    Conv(t.ExpandConv, f.ExpandConv!.Weight);
                    Bn(t.ExpandBn!, f.ExpandBn!);
                }
                var dw = t.DwConv.weight!;
                dw.copy_(f.DwConv.Slice(dw.shape[0], (int)dw.shape[2]));
                Bn(t.DwBn, f.DwBn);
                Conv(t.ProjectConv, f.ProjectConv.Weight);
                Bn(t.ProjectBn, f.ProjectBn);
                if (t.ShortcutConv is not null)
                {
                    Conv(t.ShortcutConv, f.ShortcutConv!.Weight);
                    Bn(t.ShortcutBn!, f.ShortcutBn!);
                }
            }
        var last = source.Stage(_layout.Stages - 1);
        if (target.LastConv is not null)
        {
            Conv(target.LastConv, last.LastConv!.Weight);
            Bn(target.LastBn!, last.LastBn!);
        }
    }

    private static void Conv(Conv2d target, Tensor shared)
    {
        var w = target.weight!;
        w.copy_(shared.narrow(0, 0, w.shape[0]).narrow(1, 0, w.shape[1]));
    }

    private static void Bn(BatchNorm2d target, DynamicBatchNorm2d shared)
    {
        long c = target.weight!.shape[0];
        var s = shared.Norm;
        target.weight.copy_(s.weight!.narrow(0, 0, c));
        target.bias!.copy_(s.bias!.narrow(0, 0, c));
        target.running_mean!.copy_(s.running_mean!.narrow(0, 0, c));
        target.running_var!.copy_(s.running_var!.narrow(0, 0, c));
        target.num_batches_tracked!.copy_(s.num_batches_tracked!);
    }

    /// <inheritdoc />
    public Cost Cost(Architecture architecture, InputShape input)
    {
        RequireValid(architecture);
        return ElasticCost.Of(_layout, _layout.Decode(architecture), input);
    }

    /// <inheritdoc />
    public IReadOnlyList<NetworkLayer> Layers(Architecture architecture, InputShape input)
    {
        RequireValid(architecture);
        return ElasticLayers.Of(_layout, _layout.Decode(architecture), input);
    }

    /// <inheritdoc />
    public IReadOnlyList<NetworkLayer> AllLayers(InputShape input) => ElasticLayers.All(_layout, input);

    /// <summary>One line for block 0, one per stage, e.g. <c>stage 2: width 32, depth 3, kernel 5, expansion 6, stride 2</c>.</summary>
    public string Describe(Architecture architecture)
    {
        var reason = Validate(architecture);
        if (reason is not null) return $"invalid: {reason}";
        var c = _layout.Decode(architecture);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"block 0: resolution {c.Resolution}, first conv width {c.FirstWidth}");
        for (int s = 0; s < c.Stages.Count; s++)
        {
            var sc = c.Stages[s];
            text.AppendLine(CultureInfo.InvariantCulture,
                $"stage {s + 1}: width {sc.Width}, depth {sc.Depth}, kernel {sc.Kernel}, expansion {sc.Expansion}, stride {_layout.Options.StageStrides[s]}");
        }
        return text.ToString().TrimEnd('\n');
    }

    private void RequireValid(Architecture architecture)
    {
        var reason = Validate(architecture);
        if (reason is not null) throw new ArgumentException($"invalid elastic_mbconv architecture {architecture}: {reason}");
    }
}
