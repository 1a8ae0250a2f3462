using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Data;
using BossNas.Core.Evaluation;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.SinglePath.Tests;

/// <summary>
/// BN-NAS: only γ and β of the last BN of every candidate op train, counted on mbconv (6 MB ops + skip) and NATS
/// (switchable BNs of shared slimmable layers); the indicator on hand-made γ values.
/// </summary>
[Collection("Torch")]
public sealed class BnNasTests
{
    [Fact]
    public void Bn_nas_and_its_indicator_refuse_a_space_that_slices_one_batchnorm_across_its_candidates()
    {
        var space = SinglePathKit.BnNasSpace();
        var strategy = SinglePathKit.Strategy("bn_nas", space);
        var indicator = TestPlugins.Host.CreateDefault<IEvaluator>(ComponentKind.Evaluator, "bn_indicator");
        Assert.Null(strategy.CheckCompatible(space));
        Assert.Null(indicator.CheckCompatible(space, strategy));
        var sliced = new AlteredSpace(space) { DeclaredSharing = new ChoiceSharing(WeightSharing.Sliced, WeightSharing.Sliced) };
        Assert.Contains("slices one BatchNorm across its candidates", strategy.CheckCompatible(sliced));
        Assert.Contains("slices one BatchNorm across its candidates", indicator.CheckCompatible(sliced, strategy));
        // Switchable BNs (one per width, as nats declares) still give every candidate its own γ.
        var switchable = new AlteredSpace(space) { DeclaredSharing = new ChoiceSharing(WeightSharing.Sliced, WeightSharing.Switchable) };
        Assert.Null(strategy.CheckCompatible(switchable));
    }

    [Fact]
    public void Only_the_last_BN_of_every_candidate_op_trains_on_mbconv()
    {
        var space = SinglePathKit.BnNasSpace();
        var strategy = SinglePathKit.Strategy("bn_nas", space);
        var trained = strategy.StartStage(strategy.PlanStages(space)[0], Architecture.Empty);

        // 7 layers × 6 MB ops (the skip has no BN) = 42 BNs, γ and β each.
        int layers = space.Blocks.Sum(b => b.Layers);
        Assert.Equal(7, layers);
        Assert.Equal(2 * layers * 6, trained.Count);
        var expected = new HashSet<IntPtr>();
        for (int b = 0; b < space.Blocks.Count; b++)
            for (int l = 0; l < space.Blocks[b].Layers; l++)
                for (int o = 0; o < 7; o++)
                {
                    var op = strategy.Supernet.CandidateOp(b, l, o);
                    if (o == 6)
                    {
                        Assert.Null(op);
                        continue;
                    }
                    var last = op!.modules().OfType<BatchNorm2d>().Last();
                    expected.Add(last.weight!.Handle);
                    expected.Add(last.bias!.Handle);
                }
        Assert.Equal(expected, trained.Select(p => p.Parameter.Handle).ToHashSet());
        Assert.All(trained, p => Assert.True(p.Parameter.requires_grad));
        var frozen = strategy.Modules.parameters().Where(p => !expected.Contains(p.Handle)).ToList();
        Assert.NotEmpty(frozen);
        Assert.All(frozen, p => Assert.False(p.requires_grad));
        Assert.All(trained.Where(p => p.Name.EndsWith("weight", StringComparison.Ordinal)), p => Assert.Equal(1.0, p.Parameter.mean().item<float>(), 6));

        // One step: gradients reach exactly the last BNs of the sampled path's ops, nothing frozen moves.
        var before = strategy.Modules.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        using (var batch = new TrainBatch(randn(8, 1, 16, 16), randint(0, 4, 8, dtype: int64), Array.Empty<ViewPair>()))
            strategy.TrainStep(batch, new StepInfo(0, 1, 0, 0), 1.0, RunContext.ForTests(3));
        var withGrad = strategy.Modules.parameters().Where(p => p.grad is not null).Select(p => p.Handle).ToList();
        Assert.NotEmpty(withGrad);
        Assert.All(withGrad, h => Assert.Contains(h, expected));
        Assert.True(withGrad.Count <= 2 * layers);
        foreach (var (name, value) in strategy.Modules.named_parameters())
            Assert.True(value.allclose(before[name], 0, 0), $"{name} changed without an optimiser step");
    }

    [Fact]
    public void Only_the_last_switchable_BN_of_each_width_trains_on_nats()
    {
        var space = SpaceTestKit.Space("nats", ("CandidateWidths", new[] { 8, 16 }));
        var strategy = SinglePathKit.Strategy("bn_nas", space);
        var trained = strategy.StartStage(strategy.PlanStages(space)[0], Architecture.Empty);
        // 5 layers × 2 widths, one BN per width in each layer's last switchable BN.
        Assert.Equal(2 * 5 * 2, trained.Count);
        var widths = trained.Where(p => p.Name.EndsWith("weight", StringComparison.Ordinal)).Select(p => p.Parameter.shape[0]).ToList();
        Assert.Equal(5, widths.Count(w => w == 8));
        Assert.Equal(5, widths.Count(w => w == 16));
        // They are the last switchable BN of each layer (its BN of width 8, then of width 16), not an earlier one.
        var expected = new HashSet<IntPtr>();
        for (int b = 0; b < space.Blocks.Count; b++)
            for (int l = 0; l < space.Blocks[b].Layers; l++)
            {
                var layer = strategy.Supernet.CandidateOp(b, l, 0)!;
                Assert.Same(layer, strategy.Supernet.CandidateOp(b, l, 1));
                var norms = layer.modules().OfType<BatchNorm2d>().ToList();
                Assert.True(norms.Count > 2);
                Assert.Equal(new long[] { 8, 16 }, norms.TakeLast(2).Select(n => n.weight!.shape[0]));
                foreach (var n in norms.TakeLast(2))
                {
                    expected.Add(n.weight!.Handle);
                    expected.Add(n.bias!.Handle);
                }
            }
        Assert.Equal(expected, trained.Select(p => p.Parameter.Handle).ToHashSet());
    }

    [Fact]
    public void The_indicator_sums_mean_abs_gamma_of_the_chosen_ops_last_BN()
    {
        var space = SinglePathKit.BnNasSpace();
        var strategy = SinglePathKit.Strategy("bn_nas", space);
        // Hand-made γ: layer i (0..6 across blocks), op o gets γ_c = ±(i + 1)·10^-1 + o·10^-2 with alternating sign per channel.
        var layerIndex = 0;
        var value = new Dictionary<(int, int, int), double>();
        using (no_grad())
            for (int b = 0; b < space.Blocks.Count; b++)
                for (int l = 0; l < space.Blocks[b].Layers; l++, layerIndex++)
                    for (int o = 0; o < 6; o++)
                    {
                        var bn = strategy.Supernet.CandidateOp(b, l, o)!.modules().OfType<BatchNorm2d>().Last();
                        double v = (layerIndex + 1) * 0.1 + o * 0.01;
                        long c = bn.weight!.shape[0];
                        var signs = arange(c).remainder(2).mul(-2).add(1).to_type(float32);
                        bn.weight.copy_(signs * v);
                        value[(b, l, o)] = v;
                    }
        var arch = Architecture.Parse("3|06|5|62|1");
        double expected = value[(0, 0, 3)] + value[(1, 0, 0)] + 0 + value[(2, 0, 5)] + 0 + value[(3, 1, 2)] + value[(4, 0, 1)];
        var context = new EvaluationContext(space, SinglePathKit.Input, strategy, null!, RunContext.ForTests());
        var zero = SpaceTestKit.Create<IEvaluator>(ComponentKind.Evaluator, "bn_indicator");
        Assert.Equal(expected, zero.RateArchitectures(new[] { arch }, context)[0].Score, 5);

        var mean = SpaceTestKit.Create<IEvaluator>(ComponentKind.Evaluator, "bn_indicator", ("SkipScore", "layer_mean"));
        double layerMean(int b, int l) => Enumerable.Range(0, 6).Average(o => value[(b, l, o)]);
        Assert.Equal(expected + layerMean(1, 1) + layerMean(3, 0), mean.RateArchitectures(new[] { arch }, context)[0].Score, 5);
        Assert.False(zero.LowerIsBetter);
    }

    [Fact]
    public void Bn_nas_refuses_a_supernet_without_affine_BN_and_the_indicator_refuses_other_strategies()
    {
        var e = Assert.ThrowsAny<Exception>(() => SinglePathKit.Strategy("bn_nas", SinglePathKit.BnNasSpace(affine: false)));
        Assert.Contains("supernet_bn_affine", string.Join(" ", SpaceTestKit.Chain(e).Select(x => x.Message)));
        var bnNas = SpaceTestKit.Create<ISupervisionStrategy>(ComponentKind.Supervision, "bn_nas");
        Assert.Contains("supernet_bn_affine = true", bnNas.CheckCompatible(SinglePathKit.BnNasSpace(affine: false)));
        Assert.Null(bnNas.CheckCompatible(SinglePathKit.BnNasSpace()));
        var spos = SpaceTestKit.Create<ISupervisionStrategy>(ComponentKind.Supervision, "spos");
        var why = SpaceTestKit.Create<IEvaluator>(ComponentKind.Evaluator, "bn_indicator").CheckCompatible(SinglePathKit.BnNasSpace(), spos);
        Assert.Contains("bn_nas", why);
    }
}
