using BossNas.Core.Architectures;
using BossNas.Core.Context;
using TorchSharp;
using static TorchSharp.torch;

namespace BossNas.Core.Spaces;

/// <summary>
/// A block-structured search space: blocks of layers, a choice of op per layer, rules for which paths are valid
/// (possibly depending on the paths of earlier blocks), a weight-sharing supernet, stand-alone networks for
/// retraining, and analytic costs.
/// </summary>
public interface ISearchSpace
{
    /// <summary>The blocks, in order.</summary>
    IReadOnlyList<BlockInfo> Blocks { get; }

    /// <summary>Whether <see cref="SampleBlockPaths"/> supports <see cref="PathSampling.StrictFair"/>.</summary>
    bool SupportsStrictFair { get; }

    /// <summary>Named architectures of the space (e.g. <c>bossnet_t0</c>); may be empty.</summary>
    IReadOnlyDictionary<string, Architecture> NamedArchitectures { get; }

    /// <summary>
    /// Checks a complete (or, with <paramref name="allowPartial"/>, prefix) architecture; returns null when valid,
    /// otherwise the reason.
    /// </summary>
    string? Validate(Architecture architecture, bool allowPartial = false);

    /// <summary>Number of complete valid architectures (a double: some spaces exceed 2^63).</summary>
    double CountArchitectures();

    /// <summary>
    /// Every candidate path of <paramref name="block"/> given the fixed paths of the blocks before it
    /// (<paramref name="prefix"/> has exactly <paramref name="block"/> blocks). The order is stable.
    /// </summary>
    IReadOnlyList<BlockPath> CandidatePaths(int block, Architecture prefix);

    /// <summary>
    /// Draws <paramref name="count"/> distinct paths of <paramref name="block"/> given the prefix
    /// (<see cref="PathSampling.StrictFair"/> ignores <paramref name="count"/> and returns one path per op).
    /// </summary>
    IReadOnlyList<BlockPath> SampleBlockPaths(int block, Architecture prefix, int count, PathSampling mode,
        SeededRandom rng);

    /// <summary>A complete architecture drawn uniformly block by block (each block given the ones before).</summary>
    Architecture SampleArchitecture(SeededRandom rng);

    /// <summary>The weight-sharing supernet for images of <paramref name="input"/>.</summary>
    Supernet CreateSupernet(InputShape input);

    /// <summary>
    /// How the supernet's candidates share weights (separate ops, switchable or sliced widths). Strategies and evaluators
    /// whose method depends on it check it in <c>CheckCompatible</c>; declare it truthfully, there is no default.
    /// </summary>
    ChoiceSharing Sharing { get; }

    /// <summary>
    /// A stand-alone classification network of one architecture, for retraining from scratch. Its parameters
    /// start from the usual initialisation; see <see cref="InheritWeights"/>.
    /// </summary>
    nn.Module<Tensor, Tensor> CreateStandalone(Architecture architecture, InputShape input);

    /// <summary>
    /// Copies the weights of the ops on <paramref name="architecture"/>'s path from the supernet into a
    /// stand-alone network made by <see cref="CreateStandalone"/> in its path form.
    /// </summary>
    /// <exception cref="NotSupportedException">The configured stand-alone form has no op-for-op counterpart.</exception>
    void InheritWeights(Supernet supernet, nn.Module<Tensor, Tensor> standalone, Architecture architecture);

    /// <summary>Analytic MAdds and parameters of the stand-alone network of an architecture.</summary>
    Cost Cost(Architecture architecture, InputShape input);

    /// <summary>A readable list of the architecture's layers, one per line.</summary>
    string Describe(Architecture architecture);

    /// <summary>
    /// The architecture with the most MAdds (BigNAS's "largest child"; the default DNA teacher). The default picks,
    /// block by block, the path whose completion by the most expensive later blocks costs most (exact for spaces
    /// whose cost grows with every layer's choice); spaces may override it.
    /// </summary>
    Architecture Largest(InputShape input) => SpaceExtremes.Largest(this, input);

    /// <summary>The architecture with the fewest MAdds (BigNAS's "smallest child"); see <see cref="Largest"/>.</summary>
    Architecture Smallest(InputShape input) => SpaceExtremes.Smallest(this, input);

    /// <summary>
    /// Parses the key a published benchmark or ranking file uses for an architecture of this space (e.g. NATS-Bench's
    /// <c>c1:c2:c3:c4:c5</c> widths). The default reads this framework's own form, <c>5433|3230|0010|0000</c>.
    /// </summary>
    /// <exception cref="FormatException">The key is not an architecture of this space.</exception>
    Architecture ParseBenchmarkKey(string key) => Architecture.Parse(key);

    /// <summary>
    /// Whether each block's candidate paths, input shape and output shape are the same whatever the earlier blocks
    /// chose (MBConv: yes; NATS widths and HyTra resolution levels: no). A block can then be fed another network's
    /// output of the block before it and compared with that network's own block output, as DNA's teacher-fed blocks
    /// are, and its ratings combine with any choice of the other blocks.
    /// </summary>
    bool BlockInterfacesFixed => false;

    /// <summary>
    /// The layers of <paramref name="architecture"/>'s stand-alone network in forward order, stem and head included, so
    /// that each layer's output is the next one's input: what a per-layer latency table sums. Together they hold every
    /// parameter of the network. Null (the default) when the space does not list its layers.
    /// </summary>
    IReadOnlyList<NetworkLayer>? Layers(Architecture architecture, InputShape input) => null;

    /// <summary>
    /// Every distinct layer (<see cref="NetworkLayer.TableKey"/>) that <see cref="Layers"/> gives for some architecture
    /// of the space at <paramref name="input"/>: what a latency table times once per machine. Null (the default) when
    /// the space does not list its layers.
    /// </summary>
    IReadOnlyList<NetworkLayer>? AllLayers(InputShape input) => null;
}
