using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Spaces;
using BossNas.Engine.Conformance;

namespace BossNas.Tests.Conformance;

/// <summary>
/// Every registered search space meets the engine's <see cref="SpaceContract"/> (the checks <c>bossnas check-plugin</c>
/// runs on an external plugin), and the contract catches a space that breaks it.
/// </summary>
[Collection("Torch")]
public sealed class SpaceContractTests
{
    private static ISearchSpace Space(string name) =>
        Registry.Create<ISearchSpace>(ComponentKind.SearchSpace, name) ?? throw new InvalidOperationException($"{name} needs settings");

    [Theory]
    [MemberData(nameof(Registry.Spaces), MemberType = typeof(Registry))]
    public void Sampled_largest_and_smallest_architectures_are_valid_and_round_trip(string name) =>
        SpaceContract.ArchitecturesAreValidAndRoundTrip(name, Space(name));

    [Theory]
    [MemberData(nameof(Registry.Spaces), MemberType = typeof(Registry))]
    public void Networks_have_the_right_shapes_and_their_analytic_cost_is_the_counted_cost(string name) =>
        SpaceContract.ShapesAndCost(name, Space(name));

    [Theory]
    [MemberData(nameof(Registry.Spaces), MemberType = typeof(Registry))]
    public void Stand_alone_features_equal_the_supernet_path_after_inheritance(string name) =>
        SpaceContract.InheritanceMatchesSupernet(name, Space(name));

    [Theory]
    [MemberData(nameof(Registry.Spaces), MemberType = typeof(Registry))]
    public void A_path_trains_only_its_own_candidate_ops(string name) =>
        SpaceContract.PathTrainsOnlyItsOps(name, Space(name));

    [Theory]
    [MemberData(nameof(Registry.Spaces), MemberType = typeof(Registry))]
    public void Stand_alone_networks_export_to_onnx_with_torchsharps_logits(string name) =>
        SpaceContract.OnnxMatchesTorchSharp(name, Space(name));

    [Fact]
    public void A_space_whose_analytic_cost_is_off_fails_the_cost_check_and_names_the_architecture()
    {
        var wrong = new CostOffByOne(Space("nats"));
        var error = Assert.Throws<ConformanceException>(() => SpaceContract.ShapesAndCost("off_by_one", wrong));
        Assert.Contains("off_by_one", error.Message);
        Assert.Contains("differs from the counted", error.Message);
    }

    [Fact]
    public void A_space_whose_candidate_paths_miss_the_sampled_path_fails_the_round_trip_check()
    {
        var wrong = new CostOffByOne(Space("nats")) { DropFirstCandidate = true };
        Assert.Throws<ConformanceException>(() => SpaceContract.ArchitecturesAreValidAndRoundTrip("dropping", wrong));
    }

    /// <summary>A real space with one defect: its analytic cost counts one MAdd too many (or its path lists lose one path).</summary>
    private sealed class CostOffByOne(ISearchSpace inner) : ISearchSpace
    {
        public bool DropFirstCandidate { get; init; }

        public IReadOnlyList<BlockInfo> Blocks => inner.Blocks;

        public bool SupportsStrictFair => inner.SupportsStrictFair;

        public IReadOnlyDictionary<string, Architecture> NamedArchitectures => inner.NamedArchitectures;

        public string? Validate(Architecture architecture, bool allowPartial = false) => inner.Validate(architecture, allowPartial);

        public double CountArchitectures() => inner.CountArchitectures();

        public IReadOnlyList<BlockPath> CandidatePaths(int block, Architecture prefix) =>
            DropFirstCandidate ? inner.CandidatePaths(block, prefix).Skip(1).ToList() : inner.CandidatePaths(block, prefix);

        public IReadOnlyList<BlockPath> SampleBlockPaths(int block, Architecture prefix, int count, PathSampling mode, BossNas.Core.Run.SeededRandom rng) =>
            inner.SampleBlockPaths(block, prefix, count, mode, rng);

        public Architecture SampleArchitecture(BossNas.Core.Run.SeededRandom rng) => inner.SampleArchitecture(rng);

        public Supernet CreateSupernet(InputShape input) => inner.CreateSupernet(input);

        public TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> CreateStandalone(Architecture architecture, InputShape input) =>
            inner.CreateStandalone(architecture, input);

        public void InheritWeights(Supernet supernet, TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> standalone, Architecture architecture) =>
            inner.InheritWeights(supernet, standalone, architecture);

        public Cost Cost(Architecture architecture, InputShape input) =>
            DropFirstCandidate ? inner.Cost(architecture, input) : inner.Cost(architecture, input) + new Cost(1, 0);

        public string Describe(Architecture architecture) => inner.Describe(architecture);
    }
}
