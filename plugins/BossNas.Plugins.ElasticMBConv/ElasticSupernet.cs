using BossNas.Core.Architectures;
using BossNas.Core.Spaces;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.ElasticMBConv;

/// <summary>
/// BigNAS's single-stage elastic supernet: one set of weights, the largest network's, of which every child is a slice.
/// <see cref="ForwardStem"/> is the identity (the resize and first conv are block 0, whose genes choose them); block 1 + s
/// runs stage s's first d layers at the chosen width, kernel and expansion. No classifier: strategies attach heads.
/// </summary>
public sealed class ElasticSupernet : Supernet, IStochasticDepth
{
    private readonly ElasticFirstConv first;
    private readonly ModuleList<ElasticStage> stages;
    private readonly ElasticLayout _layout;
    private readonly double[][] _dropShare;
    private double _dropConnect;

    internal ElasticSupernet(ElasticLayout layout, InputShape input) : base(nameof(ElasticSupernet))
    {
        _layout = layout;
        var o = layout.Options;
        first = new ElasticFirstConv(input.Channels, o.FirstWidths.Max(), o.FirstStride, o.BnMomentum);
        stages = new ModuleList<ElasticStage>();
        for (int s = 0; s < layout.Stages; s++) stages.Add(new ElasticStage(layout, s));
        // Drop-connect share of each layer: index / number of layers (of the largest network), last two stages only.
        int total = stages.Sum(s => s.MaxDepth), index = 0;
        _dropShare = new double[layout.Stages][];
        for (int s = 0; s < layout.Stages; s++)
        {
            _dropShare[s] = new double[stages[s].MaxDepth];
            for (int l = 0; l < stages[s].MaxDepth; l++, index++)
                _dropShare[s][l] = s >= layout.Stages - 2 ? (double)index / total : 0;
        }
        RegisterComponents();
        ElasticInit.Apply(this, o.ZeroLastBnGamma);
    }

    internal ElasticFirstConv First => first;

    internal ElasticStage Stage(int s) => stages[s];

    /// <inheritdoc />
    public override int BlockCount => _layout.BlockCount;

    /// <summary>
    /// Drop-connect rate p: layer i of the largest network (of N), in the last two stages, drops its branch at p·i/N when
    /// its shortcut is the identity (training mode only).
    /// </summary>
    public double DropConnectRate
    {
        get => _dropConnect;
        set => _dropConnect = value is >= 0 and < 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "a drop-connect rate is in [0, 1)");
    }

    /// <summary>The drop-connect rate of stage <paramref name="stage"/>'s layer <paramref name="layer"/> at the current rate.</summary>
    public double LayerDropRate(int stage, int layer) => _dropConnect * _dropShare[stage][layer];

    /// <summary>The images themselves: resizing and the first conv are block 0's, chosen by its genes.</summary>
    public override Tensor ForwardStem(Tensor images) => images.alias();

    /// <inheritdoc />
    public override Tensor ForwardBlock(int block, Tensor x, Architecture prefix, BlockPath path)
    {
        if (block < 0 || block >= BlockCount) throw new ArgumentOutOfRangeException(nameof(block));
        if (prefix.Blocks.Count != block)
            throw new ArgumentException($"block {block} needs a prefix of {block} blocks, got {prefix.Blocks.Count}");
        var reason = _layout.CheckPath(block, path);
        if (reason is not null) throw new ArgumentException($"block {block} path {path}: {reason}");
        var o = _layout.Options;
        if (block == 0) return first.Forward(x, o.Resolutions[path[0]], o.FirstWidths[path[1]]);
        int s = block - 1;
        var rates = Enumerable.Range(0, stages[s].MaxDepth).Select(l => LayerDropRate(s, l)).ToArray();
        return stages[s].Forward(x, _layout.Stage(s, path), rates);
    }

    /// <inheritdoc />
    public override FeatureShape BlockOutput(int block, Architecture prefix, BlockPath path)
    {
        if (block < 0 || block >= BlockCount) throw new ArgumentOutOfRangeException(nameof(block));
        int resolution = block == 0 ? _layout.Options.Resolutions[path[0]] : _layout.Options.Resolutions[prefix.Blocks[0][0]];
        int side = _layout.Side(block, resolution);
        return new FeatureShape(_layout.BlockWidth(block, path), side, side);
    }

    /// <inheritdoc />
    public override IReadOnlyList<FeatureShape> PossibleBlockOutputs(int block)
    {
        if (block < 0 || block >= BlockCount) throw new ArgumentOutOfRangeException(nameof(block));
        var o = _layout.Options;
        var widths = block == 0 ? o.FirstWidths
            : block == BlockCount - 1 && o.LastChannels > 0 ? [o.LastChannels] : o.StageWidths[block - 1];
        return widths.SelectMany(w => o.Resolutions.Select(r => _layout.Side(block, r)).Distinct()
            .Select(side => new FeatureShape(w, side, side))).ToArray();
    }

    /// <summary>
    /// Every choice of a gene is a slice of one module, which is returned for each: block 0's resize-and-first-conv, a
    /// stage's whole module (its width, depth, kernel and expansion all slice its layers).
    /// </summary>
    public override nn.Module? CandidateOp(int block, int layer, int op)
    {
        if (block < 0 || block >= BlockCount) throw new ArgumentOutOfRangeException(nameof(block));
        var counts = _layout.ChoiceCounts(block);
        if (layer < 0 || layer >= counts.Length) throw new ArgumentOutOfRangeException(nameof(layer));
        if (op < 0 || op >= counts[layer]) throw new ArgumentOutOfRangeException(nameof(op));
        return block == 0 ? first : stages[block - 1];
    }

    /// <inheritdoc />
    public override IEnumerable<nn.Module> BlockModules(int block)
    {
        if (block < 0 || block >= BlockCount) throw new ArgumentOutOfRangeException(nameof(block));
        yield return block == 0 ? first : stages[block - 1];
    }
}
