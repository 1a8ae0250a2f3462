using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Engine.Latency;
using BossNas.Tests.Support;
using static TorchSharp.torch;

namespace BossNas.Tests.Latency;

/// <summary>
/// The per-layer latency table on every space that lists its layers (that the layers chain into the stand-alone network
/// and hold its parameters is the conformance suite's <c>SpaceContract.LayersChainIntoTheNetwork</c>): with a synthetic, deterministic cost model injected as the timing (1 ms per layer plus 1 ms per 1,000 parameters)
/// the table times each distinct layer once and predicts the hand computation, layers + parameters / 1,000; the fitted
/// overhead makes it predict whole networks timed the same way.
/// </summary>
[Collection("Torch")]
public sealed class LatencyTableTests
{
    private static readonly InputShape Input = new(1, 28, 28, 10);

    public static TheoryData<string> LayeredSpaces()
    {
        var data = new TheoryData<string>();
        foreach (var name in Registry.Names(ComponentKind.SearchSpace))
            if (Space(name).AllLayers(Input) is not null) data.Add(name);
        return data;
    }

    private static ISearchSpace Space(string name) => Registry.Create<ISearchSpace>(ComponentKind.SearchSpace, name)!;

    private static LatencySample Synthetic(nn.Module<Tensor, Tensor> module, FeatureShape input) => LatencySample.Exact(1 + module.parameters().Sum(p => p.numel()) / 1000.0);

    private static IReadOnlyList<Architecture> Architectures(ISearchSpace space) =>
        [space.Smallest(Input), space.Largest(Input), .. LatencyTableBuilder.CalibrationArchitectures(space, Input, 8)];

    [Fact]
    public void Every_shipped_space_lists_its_layers()
    {
        var names = Registry.Names(ComponentKind.SearchSpace).Where(n => Space(n).AllLayers(Input) is not null).ToList();
        Assert.Superset(new HashSet<string> { "nats", "mbconv", "elastic_mbconv", "hytra" }, names.ToHashSet());
    }

    [Theory]
    [MemberData(nameof(LayeredSpaces))]
    public void A_synthetic_cost_model_is_timed_once_per_layer_and_pass_and_predicted_as_computed_by_hand(string name)
    {
        var space = Space(name);
        int calls = 0;
        var table = LatencyTableBuilder.Build(space, Input, (m, s) => { calls++; return Synthetic(m, s); }, calibration: 0, rounds: 2);

        Assert.Equal(2 * NetworkLayer.Distinct(space.AllLayers(Input)!).Count, calls);
        calls /= 2;
        Assert.Equal(calls, table.Entries.Count);
        Assert.Equal(0, table.OverheadMs);
        foreach (var a in Architectures(space))
        {
            var layers = space.Layers(a, Input)!;
            Assert.Empty(table.Missing(layers));
            double byHand = layers.Count + space.Cost(a, Input).Params / 1000.0;
            Assert.Equal(byHand, table.Predict(layers), 9);
        }
        Assert.Equal(0, table.Add(space.Layers(space.Largest(Input), Input)!, (_, _) => throw new InvalidOperationException("timed twice")));
    }

    [Fact]
    public void A_burst_of_load_in_one_pass_does_not_reach_the_table()
    {
        // Every layer's first pass is timed 1,000 ms slow (another process took the core); three passes keep the median one.
        var space = Space("nats");
        var seen = new HashSet<long>();
        var table = LatencyTableBuilder.Build(space, Input, (m, s) =>
        {
            var clean = Synthetic(m, s);
            return seen.Add(m.parameters().Sum(p => p.numel()) * 100_003 + s.Channels * 1_009 + s.Height) ? clean with { MedianMs = clean.MedianMs + 1000 } : clean;
        }, calibration: 0, rounds: 3);
        var a = space.Largest(Input);
        Assert.Equal(space.Layers(a, Input)!.Count + space.Cost(a, Input).Params / 1000.0, table.Predict(space.Layers(a, Input)!), 9);
    }

    [Fact]
    public void The_fitted_overhead_makes_the_table_predict_whole_networks_timed_alike()
    {
        // nats has 7 layers (stem, 5 searched, head) in every network: the whole network's synthetic timing is
        // 1 + P / 1000 and its layers sum to 7 + P / 1000, so the overhead is −6 and predictions equal the timing.
        var space = Space("nats");
        var table = LatencyTableBuilder.Build(space, Input, Synthetic, calibration: 3);
        Assert.Equal(3, table.CalibrationArchitectures);
        Assert.Equal(-6, table.OverheadMs, 9);
        var rng = new SeededRandom(5);
        for (int i = 0; i < 5; i++)
        {
            var a = space.SampleArchitecture(rng);
            Assert.Equal(1 + space.Cost(a, Input).Params / 1000.0, table.Predict(space.Layers(a, Input)!), 9);
        }
    }

    [Fact]
    public void The_cache_file_is_keyed_by_threads_batch_and_the_space_s_layers()
    {
        var space = Space("nats");
        var one = LatencyTableStore.FileOf(space, Input, new LatencyOptions { Threads = 1 });
        Assert.Equal(one, LatencyTableStore.FileOf(space, Input, new LatencyOptions { Threads = 1, Runs = 5 }));
        Assert.NotEqual(one, LatencyTableStore.FileOf(space, Input, new LatencyOptions { Threads = 2 }));
        Assert.NotEqual(one, LatencyTableStore.FileOf(space, Input, new LatencyOptions { Batch = 8 }));
        Assert.NotEqual(one, LatencyTableStore.FileOf(SpaceTestKit.Space("nats", ("CandidateWidths", new[] { 8, 24 })), Input, new LatencyOptions()));
        Assert.NotEqual(one, LatencyTableStore.FileOf(space, Input with { Height = 32, Width = 32 }, new LatencyOptions()));
        Assert.Contains(Path.Combine("latency", "NatsSpace-1x28x28-t1-b1-"), one);
    }
}
