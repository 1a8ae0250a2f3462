using BossNas.Core.Architectures;
using BossNas.Core.Context;
using BossNas.Core.Nn;
using BossNas.Core.Spaces;
using BossNas.Engine.Conformance;
using Xunit.Abstractions;
using static BossNas.Tests.Support.SpaceTestKit;
using static TorchSharp.torch;
using TI = TorchSharp.torch.TensorIndex;

namespace BossNas.Plugins.ElasticMBConv.Tests;

/// <summary>The <c>elastic_mbconv</c> space: genes, depth, shortcuts, initialisation, cost, inheritance and the contract.</summary>
[Collection("Torch")]
public sealed class ElasticSpaceTests(ITestOutputHelper output)
{
    private static readonly InputShape Gray28 = new(1, 28, 28, 10);
    private static readonly InputShape Color32 = new(3, 32, 32, 10);

    private static ElasticMBConvSpace Default() => new(new ElasticOptions());

    private static Architecture Arch(string text) => Architecture.Parse(text);

    [Fact]
    public void Genes_are_block_0_resolution_and_first_width_then_width_depth_kernel_expansion_per_stage()
    {
        var space = Default();
        Assert.Equal(6, space.Blocks.Count);
        Assert.Equal(new[] { "res20", "res24", "res28" }, space.Blocks[0].ChoiceNames[0]);
        Assert.Equal(new[] { "c8", "c16" }, space.Blocks[0].ChoiceNames[1]);
        for (int b = 1; b < 6; b++) Assert.Equal(4, space.Blocks[b].Layers);
        Assert.Equal(new[] { "w32", "w40" }, space.Blocks[4].ChoiceNames[0]);
        Assert.Equal(new[] { "d1", "d2", "d3" }, space.Blocks[2].ChoiceNames[1]);
        Assert.Equal(new[] { "k3", "k5" }, space.Blocks[3].ChoiceNames[2]);
        Assert.Equal(new[] { "e3", "e4", "e6" }, space.Blocks[5].ChoiceNames[3]);
        Assert.Equal(new[] { "e1" }, space.Blocks[1].ChoiceNames[3]);
        // 6 * (2*2*2*1) * (2*3*2*3)^3 * (2*2*2*3)
        Assert.Equal(6.0 * 8 * 36 * 36 * 36 * 24, space.CountArchitectures());
        Assert.Equal(36, space.CandidatePaths(2, Arch("21|1100")).Count);
        Assert.Equal(space.CandidatePaths(2, Arch("21|1100")).Count, space.CandidatePaths(2, Arch("21|1100")).Distinct().Count());
        Assert.NotNull(space.Validate(Arch("31|0000|0000|0000|0000|0000")));
        Assert.NotNull(space.Validate(Arch("21|0000|0300|0000|0000|0000")));
        Assert.NotNull(space.Validate(Arch("21|0001|0000|0000|0000|0000")));
        Assert.Null(space.Validate(Arch("21|1110|1212|1212|1212|1112")));
    }

    [Fact]
    public void Largest_and_smallest_are_all_max_and_all_min_genes_with_depth_at_least_1()
    {
        var space = Default();
        Assert.Equal(Arch("21|1110|1212|1212|1212|1112"), space.Largest(Gray28));
        Assert.Equal(Arch("00|0000|0000|0000|0000|0000"), space.Smallest(Gray28));
        Assert.Equal(space.Largest(Gray28), SpaceExtremes.Largest(space, Gray28));
        Assert.Equal(space.Smallest(Gray28), SpaceExtremes.Smallest(space, Gray28));
        double max = space.Cost(space.Largest(Gray28), Gray28).MAdds, min = space.Cost(space.Smallest(Gray28), Gray28).MAdds;
        output.WriteLine($"largest {space.Cost(space.Largest(Gray28), Gray28)}, smallest {space.Cost(space.Smallest(Gray28), Gray28)}");
        Assert.InRange(max, 12e6, 18e6);
        Assert.InRange(min, 0.3e6, 1.2e6);
    }

    [Fact]
    public void Analytic_cost_equals_the_counted_cost_of_the_stand_alone_network()
    {
        var space = Default();
        var rng = new SeededRandom(7);
        foreach (var input in new[] { Gray28, Color32 })
            foreach (var a in Enumerable.Range(0, 4).Select(_ => space.SampleArchitecture(rng)).Append(space.Largest(input)).Append(space.Smallest(input)))
            {
                using var net = space.CreateStandalone(a, input);
                Assert.Equal(ModuleCounter.Count(net, input), space.Cost(a, input));
            }
    }

    [Theory]
    [InlineData(0, new[] { 20, 20, 10, 5, 5, 3 })]
    [InlineData(1, new[] { 24, 24, 12, 6, 6, 3 })]
    [InlineData(2, new[] { 28, 28, 14, 7, 7, 4 })]
    public void Every_block_outputs_the_shape_it_reports_at_every_resolution(int resolution, int[] sides)
    {
        var space = Default();
        foreach (var input in new[] { Gray28, Color32 })
        {
            using var supernet = space.CreateSupernet(input);
            supernet.eval();
            var rng = new SeededRandom(8);
            using var noGrad = no_grad();
            for (int trial = 0; trial < 2; trial++)
            {
                using var scope = NewDisposeScope();
                var sampled = space.SampleArchitecture(rng);
                var a = new Architecture(sampled.Blocks.Select((p, b) => b == 0 ? new BlockPath([resolution, p[1]]) : p));
                var x = supernet.ForwardStem(randn(2, input.Channels, input.Height, input.Width));
                for (int b = 0; b < supernet.BlockCount; b++)
                {
                    x = supernet.ForwardBlock(b, x, a.Prefix(b), a.Blocks[b]);
                    var reported = supernet.BlockOutput(b, a.Prefix(b), a.Blocks[b]);
                    Assert.Equal(sides[b], reported.Height);
                    Assert.Equal(new long[] { 2, reported.Channels, reported.Height, reported.Width }, x.shape);
                    Assert.Contains(reported, supernet.PossibleBlockOutputs(b));
                }
                Assert.Equal(128, x.shape[1]);
            }
        }
    }

    [Fact]
    public void Layers_at_or_past_the_depth_have_no_effect_and_get_no_gradient()
    {
        var space = Default();
        using var supernet = (ElasticSupernet)space.CreateSupernet(Gray28);
        RandomiseBatchNorms(supernet);
        supernet.eval();
        var a = Arch("21|1110|1112|1012|1212|1112"); // stage 2 (block 2) at depth 2 of 3
        using var scope = NewDisposeScope();
        var x = randn(2, 1, 28, 28);
        Tensor before;
        using (no_grad()) before = supernet.ForwardFeatures(x, a);
        using (no_grad())
            foreach (var p in supernet.Stage(1).Layer(2).parameters()) p.add_(randn_like(p));
        using (no_grad()) AssertClose(supernet.ForwardFeatures(x, a), before, 0);
        supernet.train();
        supernet.ForwardFeatures(x, a).square().mean().backward();
        Assert.All(supernet.Stage(1).Layer(2).parameters(), p => Assert.True(p.grad is null || p.grad.abs().sum().item<float>() == 0));
        Assert.Contains(supernet.Stage(1).Layer(1).parameters(), p => p.grad is { } g && g.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Zero_gamma_makes_every_identity_shortcut_layer_the_identity_at_initialisation()
    {
        var space = Default();
        using var supernet = (ElasticSupernet)space.CreateSupernet(Gray28);
        supernet.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = randn(2, 24, 7, 7);
        var layer = supernet.Stage(1).Layer(1); // stage 2, layer 1: stride 1, width in = out
        AssertClose(layer.Forward(x, 24, 5, 6, 0), x, 0);
        AssertClose(layer.Forward(x, 24, 3, 3, 0), x, 0);
        // He fan-out init is applied (std sqrt(2 / (k^2 out))) and did not undo zero gamma.
        var w = supernet.Stage(1).Layer(1).DwConv.Weight;
        Assert.InRange(w.std().item<float>(), 0.8 * Math.Sqrt(2.0 / (25 * 144)), 1.2 * Math.Sqrt(2.0 / (25 * 144)));
        Assert.Equal(0f, layer.ProjectBn.Norm.weight!.abs().max().item<float>());
        using var off = (ElasticSupernet)new ElasticMBConvSpace(new ElasticOptions { ZeroLastBnGamma = false }).CreateSupernet(Gray28);
        off.eval();
        Assert.False(off.Stage(1).Layer(1).Forward(x, 24, 5, 6, 0).allclose(x));
    }

    [Fact]
    public void Inherited_stand_alone_network_equals_the_supernet_child_with_randomised_BN()
    {
        var space = Default();
        foreach (var input in new[] { Gray28, Color32 })
        {
            manual_seed(9);
            using var supernet = space.CreateSupernet(input);
            RandomiseBatchNorms(supernet);
            using (no_grad())
                foreach (var p in supernet.parameters()) p.add_(randn_like(p), alpha: 0.1);
            supernet.eval();
            var rng = new SeededRandom(10);
            foreach (var a in Enumerable.Range(0, 4).Select(_ => space.SampleArchitecture(rng)).Append(space.Largest(input)).Append(space.Smallest(input)))
            {
                using var scope = NewDisposeScope();
                using var net = (IStandaloneNetworkModule)space.CreateStandalone(a, input);
                space.InheritWeights(supernet, net.Module, a);
                net.Module.eval();
                var x = randn(2, input.Channels, input.Height, input.Width);
                using var noGrad = no_grad();
                AssertClose(net.Network.ForwardFeatures(x), supernet.ForwardFeatures(x, a), 1e-4);
            }
        }
    }

    [Fact]
    public void Largest_child_gives_every_parameter_a_gradient_and_a_child_none_outside_its_slices()
    {
        var space = Default();
        manual_seed(11);
        using var supernet = (ElasticSupernet)space.CreateSupernet(Gray28);
        using (no_grad())
            foreach (var bn in supernet.modules().OfType<TorchSharp.Modules.BatchNorm2d>()) bn.weight!.uniform_(0.5, 1.5);
        supernet.train();
        using (NewDisposeScope())
            supernet.ForwardFeatures(randn(4, 1, 28, 28), space.Largest(Gray28)).square().mean().backward();
        // The shortcut convs of layers whose largest widths match serve only narrower children: not on the largest's path.
        var unused = new HashSet<TorchSharp.Modules.Parameter>(ReferenceEqualityComparer.Instance);
        for (int s = 0; s < 5; s++)
        {
            var l0 = supernet.Stage(s).Layer(0);
            if (l0.ShortcutConv is not null && s == 0)
                foreach (var p in l0.ShortcutConv.parameters().Concat(l0.ShortcutBn!.parameters())) unused.Add(p);
        }
        foreach (var (name, p) in supernet.named_parameters())
            if (!unused.Contains(p))
                Assert.True(p.grad is { } g && g.abs().sum().item<float>() > 0, $"{name} got no gradient from the largest child");

        supernet.zero_grad();
        var small = Arch("00|0000|0000|0000|0000|0000");
        using (NewDisposeScope())
            supernet.ForwardFeatures(randn(4, 1, 28, 28), small).square().mean().backward();
        var first = supernet.First.Conv.Weight.grad!;
        Assert.Equal(0f, first[TI.Slice(8, null)].abs().sum().item<float>());
        Assert.True(first[TI.Slice(0, 8)].abs().sum().item<float>() > 0);
        var dw = supernet.Stage(2).Layer(0).DwConv.Weight.grad!; // stage 3 layer 0: in 16, e 3 -> 48 mid, kernel 3
        Assert.Equal(0f, dw[TI.Slice(48, null)].abs().sum().item<float>());
        Assert.Equal(0f, dw[TI.Colon, TI.Colon, TI.Slice(0, 1)].abs().sum().item<float>());
        Assert.Equal(0f, dw[TI.Colon, TI.Colon, TI.Colon, TI.Slice(4, 5)].abs().sum().item<float>());
        Assert.True(dw[TI.Slice(0, 48), TI.Colon, TI.Slice(1, 4), TI.Slice(1, 4)].abs().sum().item<float>() > 0);
        var pw = supernet.Stage(2).Layer(0).ExpandConv!.Weight.grad!; // [mid, c_in]: 48 x 16 of 192 x 24
        Assert.Equal(0f, pw[TI.Slice(48, null)].abs().sum().item<float>());
        Assert.Equal(0f, pw[TI.Colon, TI.Slice(16, null)].abs().sum().item<float>());
        Assert.All(supernet.Stage(2).Layer(1).parameters(), p => Assert.True(p.grad is null || p.grad.abs().sum().item<float>() == 0));
    }

    [Fact]
    public void Drop_connect_drops_only_identity_layers_of_the_last_two_stages_in_training()
    {
        var space = Default();
        using var supernet = (ElasticSupernet)space.CreateSupernet(Gray28);
        Assert.Equal(0, supernet.DropConnectRate);
        supernet.DropConnectRate = 0.2;
        // 13 layers in all: stage 4 holds layers 8..10, stage 5 layers 11..12.
        Assert.Equal(0, supernet.LayerDropRate(2, 2));
        Assert.Equal(0.2 * 8 / 13, supernet.LayerDropRate(3, 0), 12);
        Assert.Equal(0.2 * 12 / 13, supernet.LayerDropRate(4, 1), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => supernet.DropConnectRate = 1);
        var a = space.Largest(Gray28);
        using var scope = NewDisposeScope();
        var x = randn(8, 1, 28, 28);
        supernet.eval();
        using var noGrad = no_grad();
        var e1 = supernet.ForwardFeatures(x, a);
        AssertClose(supernet.ForwardFeatures(x, a), e1, 0);
        supernet.DropConnectRate = 0;
        AssertClose(supernet.ForwardFeatures(x, a), e1, 0);
        // Training mode: off at rate 0 (same output twice, nothing drawn), on at 0.5 (the identity layers of stages 4-5 drop).
        using (no_grad())
            foreach (var bn in supernet.modules().OfType<TorchSharp.Modules.BatchNorm2d>()) bn.weight!.uniform_(0.5, 1.5);
        supernet.train();
        var t0 = supernet.ForwardFeatures(x, a);
        AssertClose(supernet.ForwardFeatures(x, a), t0, 1e-6);
        supernet.DropConnectRate = 0.5;
        manual_seed(12);
        Assert.False(supernet.ForwardFeatures(x, a).allclose(t0, rtol: 1e-4, atol: 1e-5));
        // Only layers with an identity shortcut in the last two stages: a child whose stage 4 and 5 have depth 1 (both
        // layers change width or stride) is unaffected.
        var shallow = Arch("21|1110|1212|0212|0012|0012");
        var s0 = supernet.ForwardFeatures(x, shallow);
        supernet.DropConnectRate = 0;
        AssertClose(supernet.ForwardFeatures(x, shallow), s0, 1e-6);
    }

    [Fact]
    public void CandidateOp_returns_the_shared_module_of_a_gene_and_rejects_indices_past_the_last_choice()
    {
        var space = Default();
        using var supernet = (ElasticSupernet)space.CreateSupernet(Gray28);
        Assert.Same(supernet.CandidateOp(0, 0, 0), supernet.CandidateOp(0, 1, 1));
        Assert.Same(supernet.CandidateOp(2, 0, 0), supernet.CandidateOp(2, 3, 2));
        Assert.NotSame(supernet.CandidateOp(2, 0, 0), supernet.CandidateOp(3, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => supernet.CandidateOp(0, 0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => supernet.CandidateOp(1, 3, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => supernet.CandidateOp(6, 0, 0));
        Assert.Equal(new ChoiceSharing(WeightSharing.Sliced, WeightSharing.Sliced), space.Sharing);
        Assert.Empty(supernet.StemModules());
    }

    public static TheoryData<string> Contract => new(SpaceContract.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Contract))]
    public void Meets_the_space_contract(string check)
    {
        var (_, run) = SpaceContract.All.Single(c => c.Name == check);
        run("elastic_mbconv", Default());
    }

    [Fact]
    public void Smoke_profile_meets_the_space_contract()
    {
        var options = new ElasticOptions();
        options.UseSmokeProfile();
        var space = new ElasticMBConvSpace(options);
        foreach (var (_, run) in SpaceContract.All) run("elastic_mbconv smoke", space);
    }
}

/// <summary>A stand-alone network as module and as <see cref="IStandaloneNetwork"/>.</summary>
internal sealed class IStandaloneNetworkModule(nn.Module<Tensor, Tensor> module) : IDisposable
{
    public nn.Module<Tensor, Tensor> Module { get; } = module;

    public IStandaloneNetwork Network => (IStandaloneNetwork)Module;

    public static explicit operator IStandaloneNetworkModule(nn.Module<Tensor, Tensor> m) => new(m);

    public void Dispose() => Module.Dispose();
}
