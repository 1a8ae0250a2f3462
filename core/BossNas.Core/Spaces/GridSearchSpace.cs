using BossNas.Core.Architectures;
using BossNas.Core.Context;
using static TorchSharp.torch;

namespace BossNas.Core.Spaces;

/// <summary>
/// Base class of "grid" spaces: blocks of layers where every layer independently picks one of the same K choices,
/// whatever the other layers and blocks picked (MBConv, NATS size). It implements path enumeration, uniform and
/// strict-fair sampling, validation, counting, and the largest and smallest architectures; a derived space supplies
/// its networks and costs. Plugins written outside this repository can derive from it too.
/// </summary>
public abstract class GridSearchSpace : ISearchSpace
{
    private readonly int[] _blockLayers;
    private readonly IReadOnlyList<BlockPath>?[] _candidates;

    /// <summary>Declares the grid.</summary>
    /// <param name="blockLayers">Layers per block.</param>
    /// <param name="layerChoiceNames">Per layer of the whole network (in block order), the names of its K choices.</param>
    /// <exception cref="ArgumentException">The layer counts disagree, or the layers do not all have the same K choices.</exception>
    protected GridSearchSpace(IReadOnlyList<int> blockLayers, IReadOnlyList<IReadOnlyList<string>> layerChoiceNames)
    {
        _blockLayers = blockLayers.ToArray();
        if (_blockLayers.Length == 0 || _blockLayers.Any(n => n < 1))
            throw new ArgumentException("every block needs at least one layer", nameof(blockLayers));
        if (_blockLayers.Sum() != layerChoiceNames.Count)
            throw new ArgumentException($"{_blockLayers.Sum()} layers in the blocks, {layerChoiceNames.Count} named", nameof(layerChoiceNames));
        Choices = layerChoiceNames[0].Count;
        if (Choices < 1 || layerChoiceNames.Any(l => l.Count != Choices))
            throw new ArgumentException("every layer of a grid space has the same number of choices", nameof(layerChoiceNames));
        int start = 0;
        Blocks = _blockLayers.Select((n, b) =>
        {
            var info = new BlockInfo(b, layerChoiceNames.Skip(start).Take(n).ToArray());
            start += n;
            return info;
        }).ToArray();
        _candidates = new IReadOnlyList<BlockPath>?[Blocks.Count];
    }

    /// <summary>Choices per layer (K).</summary>
    public int Choices { get; }

    /// <summary>Layers per block.</summary>
    public IReadOnlyList<int> BlockLayers => _blockLayers;

    /// <summary>Name of the space in error messages.</summary>
    protected abstract string SpaceName { get; }

    /// <inheritdoc />
    public IReadOnlyList<BlockInfo> Blocks { get; }

    /// <inheritdoc />
    public bool SupportsStrictFair => true;

    /// <inheritdoc />
    public abstract IReadOnlyDictionary<string, Architecture> NamedArchitectures { get; }

    /// <inheritdoc />
    public string? Validate(Architecture architecture, bool allowPartial = false) =>
        GridPaths.Validate(architecture, _blockLayers, Choices, allowPartial);

    /// <inheritdoc />
    public double CountArchitectures() => Math.Pow(Choices, _blockLayers.Sum());

    /// <inheritdoc />
    public IReadOnlyList<BlockPath> CandidatePaths(int block, Architecture prefix)
    {
        GridPaths.RequirePrefix(block, prefix, _blockLayers, Choices);
        return _candidates[block] ??= GridPaths.All(_blockLayers[block], Choices);
    }

    /// <inheritdoc />
    public IReadOnlyList<BlockPath> SampleBlockPaths(int block, Architecture prefix, int count, PathSampling mode, SeededRandom rng)
    {
        GridPaths.RequirePrefix(block, prefix, _blockLayers, Choices);
        return GridPaths.Sample(_blockLayers[block], Choices, count, mode, rng);
    }

    /// <inheritdoc />
    public Architecture SampleArchitecture(SeededRandom rng) =>
        new(_blockLayers.Select(layers => GridPaths.Uniform(layers, Choices, rng)));

    /// <summary>
    /// One sweep over the layers, each taking the choice that makes the whole architecture cost most given the
    /// others (exact when a layer's cost grows with its own choice, as in MBConv and NATS).
    /// </summary>
    public virtual Architecture Largest(InputShape input) => Sweep(input, largest: true);

    /// <summary>The cheapest architecture, found like <see cref="Largest"/>.</summary>
    public virtual Architecture Smallest(InputShape input) => Sweep(input, largest: false);

    /// <inheritdoc />
    public virtual Architecture ParseBenchmarkKey(string key) => Architecture.Parse(key);

    /// <inheritdoc />
    public virtual bool BlockInterfacesFixed => false;

    /// <inheritdoc />
    public virtual IReadOnlyList<NetworkLayer>? Layers(Architecture architecture, InputShape input) => null;

    /// <inheritdoc />
    public virtual IReadOnlyList<NetworkLayer>? AllLayers(InputShape input) => null;

    /// <inheritdoc />
    public abstract ChoiceSharing Sharing { get; }

    /// <inheritdoc />
    public abstract Supernet CreateSupernet(InputShape input);

    /// <inheritdoc />
    public abstract nn.Module<Tensor, Tensor> CreateStandalone(Architecture architecture, InputShape input);

    /// <inheritdoc />
    public abstract void InheritWeights(Supernet supernet, nn.Module<Tensor, Tensor> standalone, Architecture architecture);

    /// <inheritdoc />
    public abstract Cost Cost(Architecture architecture, InputShape input);

    /// <inheritdoc />
    public abstract string Describe(Architecture architecture);

    /// <summary>The per-layer choices of an architecture, in layer order across blocks.</summary>
    public static int[] LayerChoices(Architecture architecture) => architecture.Blocks.SelectMany(b => b.Ops).ToArray();

    /// <summary>The architecture of per-layer choices, grouped into this space's blocks.</summary>
    /// <exception cref="ArgumentException">Not one choice per layer.</exception>
    public Architecture FromLayerChoices(IReadOnlyList<int> choices)
    {
        if (choices.Count != _blockLayers.Sum())
            throw new ArgumentException($"{choices.Count} choices for {_blockLayers.Sum()} layers", nameof(choices));
        int start = 0;
        return new Architecture(_blockLayers.Select(n =>
        {
            var path = new BlockPath(choices.Skip(start).Take(n));
            start += n;
            return path;
        }));
    }

    /// <summary>Throws when <paramref name="architecture"/> is not a complete valid architecture of the space.</summary>
    /// <exception cref="ArgumentException">It is not.</exception>
    protected void Require(Architecture architecture)
    {
        if (Validate(architecture) is { } reason)
            throw new ArgumentException($"invalid {SpaceName} architecture '{architecture}': {reason}", nameof(architecture));
    }

    private Architecture Sweep(InputShape input, bool largest)
    {
        var choices = new int[_blockLayers.Sum()];
        if (largest) Array.Fill(choices, Choices - 1);
        for (int l = 0; l < choices.Length; l++)
        {
            int best = choices[l];
            double bestMAdds = Cost(FromLayerChoices(choices), input).MAdds;
            for (int o = 0; o < Choices; o++)
            {
                choices[l] = o;
                double m = Cost(FromLayerChoices(choices), input).MAdds;
                if (largest ? m > bestMAdds : m < bestMAdds) (best, bestMAdds) = (o, m);
            }
            choices[l] = best;
        }
        return FromLayerChoices(choices);
    }
}
