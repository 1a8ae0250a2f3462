using BossNas.Core.Architectures;
using BossNas.Core.Data;
using BossNas.Core.Nn;
using BossNas.Core.Context;
using BossNas.Core.Supervision;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.EnsembleBootstrapping.Tests;

/// <summary>The ensemble-bootstrapping strategy on <see cref="TinySpace"/>.</summary>
[Collection("Torch")]
public sealed class EnsembleBootstrappingTests
{
    private static readonly InputShape Input = new(3, 8, 8, 10);

    private static (ISupervisionStrategy Strategy, TinySpace Space, RunContext Run) Built(
        params (string, object)[] settings)
    {
        manual_seed(1);
        var strategy = BootstrappingKit.CreateStrategy(settings);
        var space = new TinySpace();
        var run = RunContext.ForTests(seed: 3);
        strategy.PlanStages(space);
        strategy.Build(space, Input, run);
        return (strategy, space, run);
    }

    [Fact]
    public void Plans_one_stage_per_block_and_checks_fair_sampling()
    {
        var strategy = BootstrappingKit.CreateStrategy(("Sampling", "Fair"));
        var stages = strategy.PlanStages(new TinySpace());
        Assert.Equal(new[] { "block0", "block1" }, stages.Select(s => s.Name));
        Assert.Equal(new int?[] { 0, 1 }, stages.Select(s => s.Block));
        Assert.Null(strategy.CheckCompatible(new TinySpace(strictFair: true)));
        Assert.Contains("fair", strategy.CheckCompatible(new TinySpace(strictFair: false)));
        Assert.Null(BootstrappingKit.CreateStrategy(("Sampling", "Auto")).CheckCompatible(new TinySpace(strictFair: false)));
    }

    [Fact]
    public void Views_ask_for_one_pair_per_path_or_one_shared_pair()
    {
        var stage = new StageSpec(0, "block0", 0);
        var uniform = BootstrappingKit.CreateStrategy(("Sampling", "Uniform"), ("PathsPerStep", 3), ("Pipeline", "CropFlip"));
        uniform.PlanStages(new TinySpace());
        Assert.Equal(new ViewRequest(3, ViewPipelineNames.CropFlip), uniform.Views(stage));

        var fair = BootstrappingKit.CreateStrategy(("Sampling", "Auto"));
        fair.PlanStages(new TinySpace());
        Assert.Equal(new ViewRequest(2, ViewPipelineNames.Byol), fair.Views(stage)); // one path per op, 2 ops

        var shared = BootstrappingKit.CreateStrategy(("Pairs", "Shared"));
        shared.PlanStages(new TinySpace());
        Assert.Equal(1, shared.Views(stage).Pairs);
    }

    [Fact]
    public void Build_makes_a_frozen_target_copy_and_heads_with_channel_adapters()
    {
        var (strategy, _, _) = Built();
        var state = strategy.Modules.state_dict();
        // Block 0 outputs 32 or 16 channels at one resolution, as NATS: like the public NATS code every width gets an
        // adapter (channel_fix); block 1 has one output width and none.
        Assert.Contains("online_necks.0.adapters.c16.conv.weight", state.Keys);
        Assert.Contains("online_necks.0.adapters.c32.conv.weight", state.Keys);
        Assert.DoesNotContain(state.Keys, k => k.StartsWith("online_necks.1.adapters", StringComparison.Ordinal));
        var narrower = Built(("NeckAdapters", "narrower")).Strategy.Modules.state_dict().Keys;
        Assert.Contains("online_necks.0.adapters.c16.conv.weight", narrower);
        Assert.DoesNotContain("online_necks.0.adapters.c32.conv.weight", narrower);
        Assert.Contains("target_necks.1.mlp.fc1.weight", state.Keys);
        Assert.Contains("predictors.1.fc2.weight", state.Keys);

        var parameters = strategy.Modules.named_parameters().ToList();
        Assert.All(parameters.Where(p => p.name.StartsWith("target", StringComparison.Ordinal)),
            p => Assert.False(p.parameter.requires_grad, p.name));
        Assert.All(parameters.Where(p => !p.name.StartsWith("target", StringComparison.Ordinal)),
            p => Assert.True(p.parameter.requires_grad, p.name));
        // The target starts as an exact copy of the online networks.
        foreach (var (name, t) in state.Where(kv => kv.Key.StartsWith("target", StringComparison.Ordinal)))
            Assert.True(t.Equals(state["online" + name["target".Length..]]), name);
        Assert.Same(strategy.Supernet, strategy.Modules.named_children().First(c => c.name == "online").module);
    }

    [Fact]
    public void Stage_parameters_are_the_block_its_heads_and_the_stem_only_in_stage_0()
    {
        var (strategy, space, _) = Built();
        var stage0 = strategy.StartStage(new StageSpec(0, "block0", 0), Architecture.Empty).Select(p => p.Name).ToList();
        Assert.Contains("online.stem.conv.weight", stage0);
        Assert.Contains("online.ops.b0_l1_o1.bn.weight", stage0);
        Assert.Contains("online_necks.0.adapters.c16.conv.weight", stage0);
        Assert.Contains("predictors.0.fc1.weight", stage0);
        Assert.DoesNotContain(stage0, n => n.Contains("b1_", StringComparison.Ordinal) || n.StartsWith("target", StringComparison.Ordinal)
                                           || n.Contains("necks.1", StringComparison.Ordinal) || n.Contains("predictors.1", StringComparison.Ordinal));

        var prefix = Architecture.Parse("01");
        var stage1 = strategy.StartStage(new StageSpec(1, "block1", 1), prefix).Select(p => p.Name).ToList();
        Assert.Contains("online.ops.b1_in16.conv.weight", stage1);
        Assert.Contains("predictors.1.fc2.bias", stage1);
        Assert.DoesNotContain(stage1, n => n.Contains("stem", StringComparison.Ordinal) || n.Contains("b0_", StringComparison.Ordinal));

        var (unfrozen, _, _) = Built(("FreezeEarlierBlocks", false));
        var fineTuned = unfrozen.StartStage(new StageSpec(1, "block1", 1), prefix).Select(p => p.Name).ToList();
        Assert.Contains("online.stem.conv.weight", fineTuned);
        Assert.Contains("online.ops.b0_l0_o0.conv.weight", fineTuned);
        Assert.Throws<ArgumentException>(() => strategy.StartStage(new StageSpec(1, "block1", 1), Architecture.Empty));
        _ = space;
    }

    [Theory]
    [InlineData("auto")] // every-width adapters: the target's stay at their first copy, as the public NATS code
    [InlineData("ema")]
    public void Training_updates_only_the_sampled_ops_and_the_target_only_by_ema(string targetAdapters)
    {
        var (strategy, space, run) = Built(("Sampling", "Uniform"), ("PathsPerStep", 1), ("TargetAdapters", targetAdapters));
        var trainable = strategy.StartStage(new StageSpec(0, "block0", 0), Architecture.Empty);
        using var sgd = optim.SGD(trainable.Select(p => p.Parameter), 0.05);
        var supernetBefore = BootstrappingKit.Parameters(strategy.Supernet);
        var all = strategy.Modules;
        const int steps = 3;
        for (int s = 0; s < steps; s++)
        {
            var info = new StepInfo(s, 10, 0, s);
            var targetBefore = TargetParameters(all);
            sgd.zero_grad();
            double loss;
            using (var scope = NewDisposeScope())
            using (var batch = BootstrappingKit.Batch(6, 1))
                loss = strategy.TrainStep(batch, info, 1.0, run);
            Assert.True(double.IsFinite(loss));
            Assert.InRange(loss, -4.0, 4.0);
            sgd.step();

            // The optimiser step leaves the target alone; the EMA then mixes in the new online weights:
            // the whole target supernet and the current block's target neck, nothing else.
            foreach (var (name, t) in TargetParameters(all))
                Assert.True(t.Equals(targetBefore[name]), $"{name} changed before the EMA");
            strategy.AfterOptimizerStep(info);
            double m = Ema.CosineMomentum(0.99, s, 10);
            var current = all.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach());
            foreach (var (name, before) in targetBefore)
            {
                bool followsOnline = !name.StartsWith("target_necks.", StringComparison.Ordinal) ||
                                     (name.StartsWith("target_necks.0.", StringComparison.Ordinal) &&
                                      (targetAdapters == "ema" || !name.StartsWith("target_necks.0.adapters", StringComparison.Ordinal)));
                var online = current["online" + name["target".Length..]];
                var expected = followsOnline ? before * m + online * (1 - m) : before;
                Assert.True(current[name].allclose(expected, rtol: 1e-5, atol: 1e-7), name);
            }
        }

        // Which ops were sampled in each layer of block 0 (one path per step).
        var used = space.Sampled.SelectMany(paths => paths)
            .SelectMany(p => p.Ops.Select((op, layer) => $"b0_l{layer}_o{op}")).ToHashSet();
        Assert.Equal(steps, space.Sampled.Count);
        var after = BootstrappingKit.Parameters(strategy.Supernet);
        foreach (var (name, before) in supernetBefore)
        {
            bool changed = !after[name].Equals(before);
            string op = name.Split('.')[1];
            if (name.StartsWith("stem", StringComparison.Ordinal))
                Assert.True(changed, $"{name}: the stem trains in stage 0");
            else if (used.Contains(op))
                Assert.True(changed, $"{name}: sampled op did not change");
            else
                Assert.False(changed, $"{name}: op {op} was never sampled but changed");
        }
    }

    [Fact]
    public void A_later_frozen_stage_trains_only_its_block_on_fixed_earlier_paths()
    {
        var (strategy, space, run) = Built(("Sampling", "Fair"), ("Pairs", "Shared"));
        var trainable = strategy.StartStage(new StageSpec(1, "block1", 1), Architecture.Parse("10"));
        using var sgd = optim.SGD(trainable.Select(p => p.Parameter), 0.05);
        var before = BootstrappingKit.Parameters(strategy.Supernet);
        sgd.zero_grad();
        using (var scope = NewDisposeScope())
        using (var batch = BootstrappingKit.Batch(6, 1))
            Assert.True(double.IsFinite(strategy.TrainStep(batch, new StepInfo(0, 5, 0, 0), 0.5, run)));
        sgd.step();

        Assert.Equal(2, space.Sampled.Single().Count); // strict fairness: one path per op
        var after = BootstrappingKit.Parameters(strategy.Supernet);
        foreach (var (name, t) in before)
        {
            bool changed = !after[name].Equals(t);
            // Block 0 ends with op 0 (32 channels), so block 1 enters through b1_in32; fair sampling uses all its ops.
            bool shouldChange = name.Contains("b1_l", StringComparison.Ordinal) || name.Contains("b1_in32", StringComparison.Ordinal);
            Assert.True(changed == shouldChange, $"{name}: changed={changed}");
        }
    }

    [Fact]
    public void Per_path_pairs_must_be_delivered()
    {
        var (strategy, _, run) = Built(("Sampling", "Uniform"), ("PathsPerStep", 3));
        strategy.StartStage(new StageSpec(0, "block0", 0), Architecture.Empty);
        using var scope = NewDisposeScope();
        using var batch = BootstrappingKit.Batch(4, 2);
        var e = Assert.Throws<ArgumentException>(() => strategy.TrainStep(batch, new StepInfo(0, 1, 0, 0), 1, run));
        Assert.Contains("needs 3 view pairs", e.Message);
    }

    private static Dictionary<string, Tensor> TargetParameters(nn.Module all) =>
        all.named_parameters().Where(p => p.name.StartsWith("target", StringComparison.Ordinal))
            .ToDictionary(p => p.name, p => p.parameter.detach().clone());
}
