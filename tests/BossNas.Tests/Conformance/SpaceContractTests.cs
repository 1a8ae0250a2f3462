using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Nn;
using BossNas.Core.Run;
using BossNas.Core.Spaces;
using BossNas.Tests.Spaces;
using TorchSharp;
using static TorchSharp.torch;

namespace BossNas.Tests.Conformance;

/// <summary>
/// The contract every registered search space meets, at 28×28×1 and 32×32×3 (timm-style: one suite over the registry):
/// shapes, validity of sampled and extreme architectures, encoding round trips, analytic cost equal to the counted cost,
/// stand-alone features equal to the supernet path after weight inheritance, and weight sharing without leaks.
/// </summary>
[Collection("Torch")]
public sealed class SpaceContractTests
{
    private static readonly InputShape[] Inputs = { new(1, 28, 28, 10), new(3, 32, 32, 10) };

    private static ISearchSpace Space(string name) =>
        Registry.Create<ISearchSpace>(ComponentKind.SearchSpace, name) ?? throw new InvalidOperationException($"{name} needs settings");

    private static List<Architecture> Sampled(ISearchSpace space, int count) =>
        Enumerable.Range(0, count).Select(i => space.SampleArchitecture(new SeededRandom((ulong)(100 + i)))).ToList();

    [Theory]
    [MemberData(nameof(Registry.Spaces), MemberType = typeof(Registry))]
    public void Sampled_largest_and_smallest_architectures_are_valid_and_round_trip(string name)
    {
        var space = Space(name);
        foreach (var input in Inputs)
        {
            var archs = Sampled(space, 4).Append(space.Largest(input)).Append(space.Smallest(input)).ToList();
            foreach (var a in archs)
            {
                Assert.Null(space.Validate(a));
                Assert.Equal(a, Architecture.Parse(a.ToString()));
                Assert.Equal(a, Architecture.FromJson(a.ToJson()));
                Assert.Equal(a, space.ParseBenchmarkKey(a.ToString()));
                for (int b = 0; b < a.Blocks.Count; b++)
                    Assert.Contains(a.Blocks[b], space.CandidatePaths(b, a.Prefix(b)));
            }
            double smallest = space.Cost(space.Smallest(input), input).MAdds, largest = space.Cost(space.Largest(input), input).MAdds;
            Assert.All(archs, a => Assert.InRange(space.Cost(a, input).MAdds, smallest, largest));
            Assert.True(largest > smallest, $"{name}: largest {largest} vs smallest {smallest}");
        }
    }

    [Theory]
    [MemberData(nameof(Registry.Spaces), MemberType = typeof(Registry))]
    public void Networks_have_the_right_shapes_and_their_analytic_cost_is_the_counted_cost(string name)
    {
        var space = Space(name);
        foreach (var input in Inputs)
        {
            manual_seed(1);
            using var supernet = space.CreateSupernet(input);
            supernet.eval();
            foreach (var a in Sampled(space, 3).Append(space.Largest(input)))
            {
                using var scope = NewDisposeScope();
                using var net = space.CreateStandalone(a, input);
                var x = randn(2, input.Channels, input.Height, input.Width);
                using (no_grad())
                {
                    Assert.Equal(new long[] { 2, input.Classes }, net.call(x).shape);
                    var features = supernet.ForwardFeatures(x, a);
                    var expected = supernet.BlockOutput(a.Blocks.Count - 1, a.Prefix(a.Blocks.Count - 1), a.Blocks[^1]);
                    Assert.Equal(new long[] { 2, expected.Channels, expected.Height, expected.Width }, features.shape);
                    Assert.Contains(expected, supernet.PossibleBlockOutputs(a.Blocks.Count - 1));
                }
                Assert.Equal(ModuleCounter.Count(net, input), space.Cost(a, input));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Registry.Spaces), MemberType = typeof(Registry))]
    public void Stand_alone_features_equal_the_supernet_path_after_inheritance(string name)
    {
        var space = Space(name);
        foreach (var input in Inputs)
        {
            manual_seed(2);
            using var supernet = space.CreateSupernet(input);
            SpaceTestKit.RandomiseBatchNorms(supernet);
            supernet.eval();
            foreach (var a in Sampled(space, 3))
            {
                using var scope = NewDisposeScope();
                using var net = space.CreateStandalone(a, input);
                if (net is not IStandaloneNetwork standalone) continue;
                space.InheritWeights(supernet, net, a);
                net.eval();
                var x = randn(2, input.Channels, input.Height, input.Width);
                using var noGrad = no_grad();
                SpaceTestKit.AssertClose(standalone.ForwardFeatures(x), supernet.ForwardFeatures(x, a), atol: 1e-4);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Registry.Spaces), MemberType = typeof(Registry))]
    public void A_path_trains_only_its_own_candidate_ops(string name)
    {
        var space = Space(name);
        var input = Inputs[0];
        manual_seed(3);
        using var supernet = space.CreateSupernet(input);
        supernet.train();
        var a = Sampled(space, 1)[0];
        using (var scope = NewDisposeScope())
            supernet.ForwardFeatures(randn(2, input.Channels, input.Height, input.Width), a).square().mean().backward();
        for (int b = 0; b < a.Blocks.Count; b++)
            for (int l = 0; l < a.Blocks[b].Length; l++)
            {
                var chosen = supernet.CandidateOp(b, l, a.Blocks[b][l]);
                Assert.NotNull(chosen);
                Assert.Contains(chosen!.parameters(), p => p.grad is { } g && g.abs().sum().item<float>() > 0);
                for (int o = 0; o < space.Blocks[b].ChoiceNames[l].Count; o++)
                {
                    var other = supernet.CandidateOp(b, l, o);
                    if (other is null || ReferenceEquals(other, chosen)) continue;
                    Assert.All(other.parameters(), p => Assert.True(p.grad is null || p.grad.abs().sum().item<float>() == 0,
                        $"{name}: block {b} layer {l} op {o} got a gradient from path {a}"));
                }
            }
        Assert.Throws<ArgumentOutOfRangeException>(() => supernet.CandidateOp(0, 0, space.Blocks[0].ChoiceNames[0].Count));
    }
}
