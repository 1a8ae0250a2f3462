using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Context;
using BossNas.Core.Evaluation;
using BossNas.Core.Spaces;
using static BossNas.Tests.Support.SpaceTestKit;
using static TorchSharp.torch;

namespace BossNas.Plugins.ZeroCost.Tests;

/// <summary>The 13 proxies as evaluators of the nats space: registration, determinism, invariances and sensitivity.</summary>
[Collection("Torch")]
public sealed class ZeroCostEvaluatorTests
{
    public static readonly string[] Names =
        ["synflow", "snip", "grasp", "fisher", "grad_norm", "jacov", "nwot", "l2_norm", "zen", "epe_nas", "plain", "params", "flops"];

    public static TheoryData<string> Proxies => new(Names);

    private static readonly InputShape Input = new(1, 16, 16, 4);

    private static readonly string[] Archs = ["00|00|0", "01|10|1", "11|11|1"];

    private static ISearchSpace Nats() => Space("nats", ("CandidateWidths", new[] { 8, 16 }));

    private static IEvaluator Proxy(string name)
    {
        var options = TestPlugins.Host.Find(ComponentKind.Evaluator, name)!.Options;
        return options?.GetProperty("Images") is null
            ? Create<IEvaluator>(ComponentKind.Evaluator, name)
            : Create<IEvaluator>(ComponentKind.Evaluator, name, ("Images", 8));
    }

    private static Dictionary<string, double> Rate(IEvaluator proxy, IEnumerable<string> archs, long seed = 3, int dataSeed = 1)
    {
        var context = new EvaluationContext(Nats(), Input, null, new RandomRatingData(dataSeed, 2, 6, 1, 16, 4), RunContext.ForTests(seed));
        return proxy.RateArchitectures(archs.Select(Architecture.Parse).ToList(), context)
            .ToDictionary(r => r.Candidate.Architecture.ToString(), r => r.Score);
    }

    [Fact]
    public void All_thirteen_are_registered_as_whole_architecture_evaluators_that_need_no_supernet()
    {
        foreach (var name in Names)
        {
            var proxy = Proxy(name);
            Assert.False(proxy.NeedsSupernet, name);
            Assert.False(proxy.LowerIsBetter, name);
            Assert.Equal(RatingScope.Architectures, proxy.Scope);
            Assert.Null(proxy.CheckCompatible(Nats(), null));
        }
    }

    [Theory]
    [MemberData(nameof(Proxies))]
    public void A_score_is_finite_repeatable_independent_of_rating_order_and_leaves_the_torch_generator_alone(string name)
    {
        var proxy = Proxy(name);
        manual_seed(77);
        var before = random.get_rng_state();
        var forward = Rate(proxy, Archs);
        Assert.True(random.get_rng_state().eq(before).all().item<bool>(), "the caller's generator state is restored");
        var backward = Rate(proxy, Archs.Reverse());
        var alone = Rate(proxy, [Archs[1]]);
        foreach (var a in Archs)
        {
            Assert.True(double.IsFinite(forward[a]) && forward[a] != ZeroCostEvaluator.Degenerate, $"{name} {a}: {forward[a]}");
            Assert.Equal(forward[a], backward[a]);
        }
        Assert.Equal(forward[Archs[1]], alone[Archs[1]]);
        Assert.True(forward.Values.Distinct().Count() > 1, $"{name} tells the architectures apart");
    }

    [Theory]
    [InlineData("synflow")]
    [InlineData("l2_norm")]
    [InlineData("zen")]
    public void A_data_free_proxy_does_not_change_with_the_data_batch(string name)
    {
        var proxy = Proxy(name);
        Assert.Equal(Rate(proxy, Archs, dataSeed: 1), Rate(proxy, Archs, dataSeed: 2));
    }

    [Theory]
    [InlineData("snip")]
    [InlineData("grasp")]
    [InlineData("fisher")]
    [InlineData("grad_norm")]
    [InlineData("jacov")]
    [InlineData("nwot")]
    [InlineData("epe_nas")]
    [InlineData("plain")]
    public void A_data_proxy_changes_with_the_data_batch(string name)
    {
        var proxy = Proxy(name);
        Assert.NotEqual(Rate(proxy, [Archs[1]], dataSeed: 1)[Archs[1]], Rate(proxy, [Archs[1]], dataSeed: 2)[Archs[1]]);
    }

    [Theory]
    [InlineData("synflow")]
    [InlineData("snip")]
    [InlineData("nwot")]
    [InlineData("zen")]
    public void A_network_proxy_changes_with_the_initial_weights_of_another_run_seed(string name)
    {
        var proxy = Proxy(name);
        Assert.NotEqual(Rate(proxy, [Archs[1]], seed: 3)[Archs[1]], Rate(proxy, [Archs[1]], seed: 4)[Archs[1]]);
    }

    [Fact]
    public void Params_and_flops_are_the_space_cost_in_millions()
    {
        var space = Nats();
        var parameters = Rate(Proxy("params"), Archs);
        var flops = Rate(Proxy("flops"), Archs);
        foreach (var a in Archs)
        {
            var cost = space.Cost(Architecture.Parse(a), Input);
            Assert.Equal(cost.Params / 1e6, parameters[a]);
            Assert.Equal(cost.MAdds / 1e6, flops[a]);
        }
    }

    [Fact]
    public void Synflow_grows_with_width_on_the_all_ones_input()
    {
        // Every path of the absolute-valued network carries a positive product: more channels, more paths.
        var s = Rate(Proxy("synflow"), ["00|00|0", "11|11|1"]);
        Assert.True(s["11|11|1"] > s["00|00|0"], $"{s["11|11|1"]} <= {s["00|00|0"]}");
    }
}
