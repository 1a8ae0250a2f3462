using BossNas.Core.Architectures;
using BossNas.Core.Data;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using static TorchSharp.torch;

namespace BossNas.Plugins.SinglePath.Tests;

/// <summary>BigNAS: the sandwich rule picks the largest and the smallest architecture; inplace distillation on a hand-made example.</summary>
[Collection("Torch")]
public sealed class BigNasTests
{
    [Theory]
    [InlineData("mbconv")]
    [InlineData("nats")]
    public void The_sandwich_holds_the_largest_first_and_the_smallest_last_around_uniform_draws(string spaceName)
    {
        var space = spaceName == "mbconv" ? SinglePathKit.BnNasSpace() : SpaceTestKit.Space("nats", ("CandidateWidths", new[] { 8, 16, 24 }));
        var input = SinglePathKit.Input;
        var rule = new SandwichRule(space, input, 4);
        var rng = new SeededRandom(7);
        double largest = space.Cost(rule.Largest, input).MAdds, smallest = space.Cost(rule.Smallest, input).MAdds;
        var middles = new HashSet<Architecture>();
        for (int step = 0; step < 50; step++)
        {
            var archs = rule.Draw(rng);
            Assert.Equal(4, archs.Count);
            Assert.Equal(rule.Largest, archs[0]);
            Assert.Equal(rule.Smallest, archs[^1]);
            foreach (var a in archs.Skip(1).Take(2))
            {
                Assert.Null(space.Validate(a));
                double m = space.Cost(a, input).MAdds;
                Assert.InRange(m, smallest, largest);
                middles.Add(a);
            }
        }
        Assert.True(middles.Count > 50, "the middle architectures are drawn, not fixed");
        // The extremes are the space's cost extremes: no single-gene change makes them larger or smaller.
        foreach (var (arch, sign) in new[] { (rule.Largest, 1), (rule.Smallest, -1) })
            for (int b = 0; b < arch.Blocks.Count; b++)
                for (int l = 0; l < arch.Blocks[b].Length; l++)
                    for (int o = 0; o < space.Blocks[b].ChoiceNames[l].Count; o++)
                    {
                        var ops = arch.Blocks[b].Ops.ToArray();
                        ops[l] = o;
                        var changed = new Architecture(arch.Blocks.Select((p, i) => i == b ? new BlockPath(ops) : p));
                        if (space.Validate(changed) is not null) continue;
                        Assert.True(sign * (space.Cost(changed, input).MAdds - space.Cost(arch, input).MAdds) <= 1e-9);
                    }
        if (spaceName == "mbconv") Assert.Equal("6|66|6|66|6", (rule.Smallest).ToString());
    }

    [Fact]
    public void Inplace_distillation_is_the_soft_cross_entropy_against_the_detached_teacher()
    {
        using var scope = NewDisposeScope();
        // Teacher softmax of [ln 3, 0] = [3/4, 1/4]; student log-softmax of [0, ln 2] = [ln 1/3, ln 2/3];
        // second row: teacher [0, 0] → [1/2, 1/2], student [0, 0] → [ln 1/2, ln 1/2].
        var student = tensor(new float[] { 0, MathF.Log(2), 0, 0 }, new long[] { 2, 2 }).requires_grad_();
        var teacher = tensor(new float[] { MathF.Log(3), 0, 0, 0 }, new long[] { 2, 2 }).requires_grad_();
        double row1 = -(0.75 * Math.Log(1.0 / 3) + 0.25 * Math.Log(2.0 / 3));
        double row2 = Math.Log(2);
        var loss = InplaceDistillation.SoftCrossEntropy(student, teacher);
        Assert.Equal((row1 + row2) / 2, loss.item<float>(), 5);
        loss.backward();
        Assert.Null(teacher.grad);
        // d/ds of the batch mean: (softmax(s) − p_teacher) / B; row 1: ([1/3, 2/3] − [3/4, 1/4]) / 2.
        var g = student.grad!;
        Assert.Equal((1.0 / 3 - 0.75) / 2, g[0, 0].item<float>(), 5);
        Assert.Equal((2.0 / 3 - 0.25) / 2, g[0, 1].item<float>(), 5);
        Assert.Equal(0, g[1, 0].item<float>(), 5);
    }

    [Fact]
    public void A_bignas_step_trains_the_largest_path_and_logs_the_smallest_ones_distillation_loss()
    {
        var space = SinglePathKit.BnNasSpace();
        var strategy = SinglePathKit.Strategy("bignas", space, 1, ("Sandwich", 2), ("LabelSmoothing", 0.0));
        var parameters = strategy.StartStage(strategy.PlanStages(space)[0], Architecture.Empty);
        Assert.Equal(strategy.Modules.parameters().Count(), parameters.Count);
        var images = randn(8, 1, 16, 16);
        var labels = randint(0, 4, 8, dtype: int64);
        double logged;
        using (var batch = new TrainBatch(images.clone(), labels.clone(), Array.Empty<ViewPair>()))
            logged = strategy.TrainStep(batch, new StepInfo(0, 1, 0, 0), 1.0, RunContext.ForTests(2));
        var largest = space.Largest(SinglePathKit.Input);
        var smallest = space.Smallest(SinglePathKit.Input);
        // The sandwich of 2 is largest then smallest: the logged loss is the smallest one's soft CE against the largest's logits.
        using (no_grad())
        {
            var s = (SinglePathStrategy)strategy;
            Tensor teacher = s.Logits(images, largest);
            Tensor student = s.Logits(images, smallest);
            var expected = -(teacher.softmax(1) * student.log_softmax(1)).sum(1).mean();
            Assert.Equal(expected.item<float>(), logged, 4);
        }
        // The largest path's first op got a gradient (from its own CE and through the shared modules).
        var op = strategy.Supernet.CandidateOp(1, 0, largest.Blocks[1][0])!;
        Assert.All(op.parameters(), p => Assert.NotNull(p.grad));
    }

    [Fact]
    public void Drop_connect_is_set_for_the_largest_child_only_and_off_after_the_step()
    {
        ISearchSpace space = new AlteredSpace(SinglePathKit.BnNasSpace()) { WrapSupernet = inner => new DropConnectSpy(inner) };
        var strategy = SinglePathKit.Strategy("bignas", space, 1, ("Sandwich", 3), ("DropConnect", 0.3));
        strategy.StartStage(strategy.PlanStages(space)[0], Architecture.Empty);
        var spy = (DropConnectSpy)strategy.Supernet;
        using (var batch = new TrainBatch(randn(8, 1, 16, 16), randint(0, 4, 8, dtype: int64), Array.Empty<ViewPair>()))
            strategy.TrainStep(batch, new StepInfo(0, 1, 0, 0), 1.0, RunContext.ForTests(2));
        var largest = space.Largest(SinglePathKit.Input);
        int blocks = largest.Blocks.Count;
        Assert.Equal(3 * blocks, spy.Calls.Count);
        // The largest runs first, every block at the configured rate; the random and the smallest children at 0.
        for (int i = 0; i < spy.Calls.Count; i++)
        {
            Assert.Equal(i % blocks, spy.Calls[i].Block);
            Assert.Equal(i < blocks ? 0.3 : 0, spy.Calls[i].Rate);
            if (i < blocks) Assert.Equal(largest.Blocks[i], spy.Calls[i].Path);
        }
        Assert.Equal(0, spy.DropConnectRate);
    }

    [Fact]
    public void Drop_connect_on_a_space_without_it_is_refused_at_build()
    {
        var space = SpaceTestKit.Space("nats", ("CandidateWidths", new[] { 8, 16 }));
        var e = Assert.Throws<InvalidOperationException>(() => SinglePathKit.Strategy("bignas", space, 0, ("DropConnect", 0.2)));
        Assert.Contains("drop_connect", e.Message);
        Assert.Contains("nats", e.Message);
        // Without it the same space builds.
        Assert.NotNull(SinglePathKit.Strategy("bignas", space, 0).Supernet);
    }
}
