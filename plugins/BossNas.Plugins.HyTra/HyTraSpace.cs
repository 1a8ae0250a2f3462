using System.Globalization;
using System.Text;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Plugins.HyTra.Modules;
using BossNas.Plugins.HyTra.Standalone;
using static TorchSharp.torch;

namespace BossNas.Plugins.HyTra;

/// <summary>
/// BossNAS's HyTra search space: blocks of layers, each layer choosing a ResConv or (at the two coarsest levels)
/// ResAtt op at a resolution level; paths keep their level or go one level coarser per layer and continue where
/// the block before ended (<see cref="HyTraPathRules"/>). Stand-alone networks are the chosen ops (path form,
/// weights inheritable) or BossNet.
/// </summary>
[Component(ComponentKind.SearchSpace, "hytra", typeof(HyTraOptions),
    Description = "BossNAS hybrid CNN-transformer space: ResConv/ResAtt per layer over resolution levels")]
public sealed class HyTraSpace : ISearchSpace
{
    /// <summary>BossNet-T0 in the search's op encoding (4 blocks of 4 layers).</summary>
    public const string BossNetT0 = "5433|3230|0010|0000";

    private readonly HyTraLayout _layout;
    private readonly HyTraPathRules _rules;
    private readonly Dictionary<string, Architecture> _named = new(StringComparer.Ordinal);
    private InputShape _describeInput;

    /// <summary>Creates the space.</summary>
    /// <exception cref="ArgumentException">The options are inconsistent or admit no architecture.</exception>
    public HyTraSpace(HyTraOptions options)
    {
        _layout = new HyTraLayout(options);
        _rules = new HyTraPathRules(_layout);
        if (CountArchitectures() == 0)
            throw new ArgumentException("these HyTra options admit no complete architecture (check stage_depths)");
        Blocks = Enumerable.Range(0, _layout.Blocks)
            .Select(b => new BlockInfo(b, Enumerable.Range(0, _layout.LayersPerBlock)
                .Select(_ => (IReadOnlyList<string>)_layout.Ops.Take(_layout.OpsInBlock(b)).Select(o => o.Name).ToArray())
                .ToArray()))
            .ToArray();
        var t0 = Architecture.Parse(BossNetT0);
        if (_layout.Levels == 4 && Validate(t0) is null) _named["bossnet_t0"] = t0;
        _describeInput = _layout.ImageNetStem ? new InputShape(3, 224, 224, 1000) : new InputShape(3, 32, 32, 10);
    }

    /// <inheritdoc />
    public IReadOnlyList<BlockInfo> Blocks { get; }

    /// <summary>
    /// False: a per-layer permutation of ops ignores the level rules (most permuted paths would be invalid), and
    /// BossNAS samples HyTra paths uniformly.
    /// </summary>
    public bool SupportsStrictFair => false;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Architecture> NamedArchitectures => _named;

    /// <summary>
    /// The path list the rule generates for a block whose input is at <paramref name="maxLevel"/>, dead ends
    /// included: BossNAS's <c>restricted_path[maxLevel + 1]</c> (or <c>all_path</c> when
    /// <paramref name="anyStart"/>), e.g. 51 / 99 / 80 / 16 paths for max level 3 / 2 / 1 / 0 with 4 layers.
    /// </summary>
    public IReadOnlyList<BlockPath> PathList(int maxLevel, bool anyStart)
    {
        if (maxLevel < 0 || maxLevel >= _layout.Levels) throw new ArgumentOutOfRangeException(nameof(maxLevel));
        return HyTraPathRules.Generate(_layout, maxLevel, _layout.LayersPerBlock, anyStart);
    }

    /// <inheritdoc />
    public string? Validate(Architecture architecture, bool allowPartial = false)
    {
        int n = architecture.Blocks.Count;
        if (n > _layout.Blocks) return $"has {n} blocks, the space has {_layout.Blocks}";
        if (!allowPartial && n != _layout.Blocks) return $"has {n} blocks, a complete architecture has {_layout.Blocks}";
        for (int b = 0; b < n; b++)
        {
            var reason = _rules.CheckBlock(b, _rules.Incoming(b, architecture), architecture.Blocks[b]);
            if (reason is not null) return $"block {b} ({architecture.Blocks[b]}): {reason}";
        }
        if (n < _layout.Blocks && _rules.Completions(n, _rules.Incoming(n, architecture)) == 0)
        {
            return $"block {n - 1} ends at level {_rules.Incoming(n, architecture)}, from which no complete " +
                   "architecture continues (a dead end)";
        }
        return null;
    }

    /// <inheritdoc />
    public double CountArchitectures() => _rules.Completions(0, _layout.Finest);

    /// <inheritdoc />
    public IReadOnlyList<BlockPath> CandidatePaths(int block, Architecture prefix)
    {
        if (block < 0 || block >= _layout.Blocks) throw new ArgumentOutOfRangeException(nameof(block));
        if (prefix.Blocks.Count != block)
            throw new ArgumentException($"block {block} needs a prefix of {block} blocks, got {prefix.Blocks.Count}");
        var reason = Validate(prefix, allowPartial: true);
        if (reason is not null) throw new ArgumentException($"invalid prefix {prefix}: {reason}");
        return _rules.Candidates(block, _rules.Incoming(block, prefix));
    }

    /// <summary>
    /// Draws min(<paramref name="count"/>, number of candidates) distinct candidate paths uniformly without
    /// replacement (BossNAS's <c>random.sample(paths, 4)</c>).
    /// </summary>
    /// <exception cref="NotSupportedException"><see cref="PathSampling.StrictFair"/>: see <see cref="SupportsStrictFair"/>.</exception>
    public IReadOnlyList<BlockPath> SampleBlockPaths(int block, Architecture prefix, int count, PathSampling mode,
        SeededRandom rng)
    {
        if (mode == PathSampling.StrictFair)
            throw new NotSupportedException("HyTra does not support strict-fair sampling: per-layer op permutations " +
                                            "break the level rules of its paths; use uniform sampling");
        var candidates = CandidatePaths(block, prefix);
        return rng.SampleWithoutReplacement(candidates.Count, Math.Min(count, candidates.Count))
            .Select(i => candidates[i]).ToArray();
    }

    /// <inheritdoc />
    public Architecture SampleArchitecture(SeededRandom rng)
    {
        var arch = Architecture.Empty;
        for (int b = 0; b < _layout.Blocks; b++)
        {
            var candidates = CandidatePaths(b, arch);
            arch = arch.Append(candidates[rng.Next(candidates.Count)]);
        }
        return arch;
    }

    /// <inheritdoc />
    /// <remarks>Every candidate (ResConv or ResAtt at each resolution) is a module of its own.</remarks>
    public ChoiceSharing Sharing => ChoiceSharing.Separate;

    /// <inheritdoc />
    public Supernet CreateSupernet(InputShape input)
    {
        _describeInput = input;
        return new HyTraSupernet(_layout, _rules, input);
    }

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> CreateStandalone(Architecture architecture, InputShape input)
    {
        RequireValid(architecture);
        _describeInput = input;
        return _layout.Options.Standalone == "bossnet"
            ? new BossNet(_layout, architecture, input)
            : new PathNetwork(_layout, architecture, input);
    }

    /// <inheritdoc />
    public void InheritWeights(Supernet supernet, nn.Module<Tensor, Tensor> standalone, Architecture architecture)
    {
        if (_layout.Options.Standalone == "bossnet" || standalone is BossNet)
            throw new NotSupportedException("the bossnet stand-alone form regroups layers into stages with avg-down " +
                                            "shortcuts and has no op-for-op counterpart in the supernet; use " +
                                            "standalone = \"path\" to inherit supernet weights");
        RequireValid(architecture);
        if (supernet is not HyTraSupernet source) throw new ArgumentException("the supernet is not a HyTra supernet");
        if (standalone is not PathNetwork target) throw new ArgumentException("the network is not a HyTra path network");
        Modules.Layers.CopyState(target.StemModule, source.StemModule);
        int k = 0;
        for (int b = 0; b < architecture.Blocks.Count; b++)
        {
            var path = architecture.Blocks[b];
            for (int i = 0; i < path.Length; i++, k++)
            {
                var layer = target.Layer(k);
                var mixed = source.Layer(b, i);
                if (layer.Adapter is not null) Modules.Layers.CopyState(layer.Adapter, mixed.Adapter(_layout.LevelOf(path[i])));
                Modules.Layers.CopyState(layer.Op, mixed.Op(path[i]));
            }
        }
    }

    /// <inheritdoc />
    public Cost Cost(Architecture architecture, InputShape input)
    {
        RequireValid(architecture);
        _describeInput = input;
        return HyTraCost.Of(_layout, architecture, input);
    }

    /// <inheritdoc />
    /// <remarks>The path form only: the <c>bossnet</c> form regroups layers into stages and lists none.</remarks>
    public IReadOnlyList<NetworkLayer>? Layers(Architecture architecture, InputShape input)
    {
        if (_layout.Options.Standalone == "bossnet") return null;
        RequireValid(architecture);
        return HyTraLayers.Of(_layout, architecture, input);
    }

    /// <inheritdoc />
    public IReadOnlyList<NetworkLayer>? AllLayers(InputShape input) =>
        _layout.Options.Standalone == "bossnet" ? null : HyTraLayers.All(_layout, input);

    /// <summary>
    /// One line per layer, e.g. <c>block 0 layer 1: ResConv @ level 2 (16x16, 32 ch), down-sample</c>. Map sizes
    /// are those of the input last given to this space (a supernet, network or cost), else of the stem's usual
    /// input (32x32 or 224x224).
    /// </summary>
    public string Describe(Architecture architecture)
    {
        var sizes = _layout.Sizes(_describeInput);
        var text = new StringBuilder();
        int level = _layout.Finest;
        for (int b = 0; b < architecture.Blocks.Count; b++)
        {
            var path = architecture.Blocks[b];
            for (int i = 0; i < path.Length; i++)
            {
                if (path[i] >= _layout.Ops.Count)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"block {b} layer {i}: op {path[i]} (not in this space)");
                    continue;
                }
                var op = _layout.Ops[path[i]];
                var entry = HyTraPathRules.EntryOf(b, i, level, op.Level);
                string how = entry switch
                {
                    Entry.Stem => op.Level == _layout.Finest
                        ? ", from the stem"
                        : $", from the stem via a stride-{1 << (_layout.Finest - op.Level)} adapter",
                    Entry.Down when op.Level == level - 1 => ", down-sample",
                    Entry.Down => $", invalid jump from level {level}",
                    _ => "",
                };
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"block {b} layer {i}: {op.Primitive} @ level {op.Level} ({sizes.Heights[op.Level]}x{sizes.Widths[op.Level]}, {_layout.Widths[op.Level]} ch){how}");
                level = op.Level;
            }
        }
        return text.ToString().TrimEnd('\n');
    }

    private void RequireValid(Architecture architecture)
    {
        var reason = Validate(architecture);
        if (reason is not null) throw new ArgumentException($"invalid HyTra architecture {architecture}: {reason}");
    }
}
