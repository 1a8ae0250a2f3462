using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Spaces;
using BossNas.Engine.Conformance;
using BossNas.Tests.Support;

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

    [Theory]
    [MemberData(nameof(Registry.Spaces), MemberType = typeof(Registry))]
    public void The_supernets_methods_match_the_contracts_signatures(string name) =>
        SpaceContract.SupernetMatchesContract(name, Space(name));

    [Fact]
    public void A_space_whose_analytic_cost_is_off_fails_the_cost_check_and_names_the_architecture()
    {
        var wrong = new AlteredSpace(Space("nats")) { ExtraMAdds = 1 };
        var error = Assert.Throws<ConformanceException>(() => SpaceContract.ShapesAndCost("off_by_one", wrong));
        Assert.Contains("off_by_one", error.Message);
        Assert.Contains("differs from the counted", error.Message);
    }

    [Fact]
    public void A_space_whose_candidate_paths_miss_the_sampled_path_fails_the_round_trip_check()
    {
        var wrong = new AlteredSpace(Space("nats")) { DropFirstCandidate = true };
        Assert.Throws<ConformanceException>(() => SpaceContract.ArchitecturesAreValidAndRoundTrip("dropping", wrong));
    }
}
