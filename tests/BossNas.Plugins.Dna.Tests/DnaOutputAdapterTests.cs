using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Data;
using BossNas.Core.Evaluation;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace BossNas.Plugins.Dna.Tests;

/// <summary>
/// DNA on a space whose blocks change width with the path (nats, widths 8 and 16): without an output adapter the
/// strategy refuses the space; with <c>output_adapter = "conv1x1"</c> every path's output is mapped to the teacher's
/// width, only the trained block's adapters are handed to the optimiser and only the sampled width's adapter gets a
/// gradient, the teacher's own path through identity adapters scores (about) 0, and an architecture's rating is the sum
/// of its paths' block ratings after the teacher's blocks, whatever its own earlier blocks.
/// </summary>
[Collection("Torch")]
public sealed class DnaOutputAdapterTests
{
    private static readonly InputShape Input = new(1, 16, 16, 4);

    private static ISearchSpace Space() => TestPlugins.Host.Create<ISearchSpace>(ComponentKind.SearchSpace, "nats",
        ComponentOptions.Of(ComponentKind.SearchSpace, "nats", ("CandidateWidths", new[] { 8, 16 })));

    private static ISupervisionStrategy Strategy(string adapter) => TestPlugins.Host.Create<ISupervisionStrategy>(ComponentKind.Supervision,
        DnaKit.Strategy, DnaKit.Options(ComponentKind.Supervision, DnaKit.Strategy, ("OutputAdapter", adapter)));

    private sealed record Setup(ISearchSpace Space, ISupervisionStrategy Strategy, IEvaluator Evaluator, Architecture Teacher,
        List<Tensor> Batches, Tensor Calibration) : IDisposable
    {
        public EvaluationContext Context() => new(Space, Input, Strategy, new FixedRatingData(Batches, Calibration), RunContext.ForTests());

        public Tensor StudentPrediction(int block, Tensor guide, BlockPath path) =>
            ((DnaStrategy)Strategy).StudentPrediction(block, guide, path);

        public void Dispose()
        {
            Strategy.Modules.Dispose();
            foreach (var b in Batches) b.Dispose();
            Calibration.Dispose();
        }
    }

    /// <summary>The teacher is the supernet's own largest path (weights inherited); the widest adapters are the identity.</summary>
    private static Setup Create()
    {
        var space = Space();
        var strategy = Strategy("Conv1x1");
        var evaluator = TestPlugins.Host.Create<IEvaluator>(ComponentKind.Evaluator, DnaKit.Evaluator,
            DnaKit.Options(ComponentKind.Evaluator, DnaKit.Evaluator, ("RatingBatches", 2)));
        manual_seed(3);
        strategy.Build(space, Input, RunContext.ForTests());
        var teacherArch = space.Largest(Input);
        var teacher = space.CreateStandalone(teacherArch, Input);
        space.InheritWeights(strategy.Supernet, teacher, teacherArch);
        ((ITeacherStudent)strategy).SetTeacher(teacher, teacherArch);
        using (no_grad())
        {
            foreach (var (name, p) in strategy.Modules.named_parameters().Where(np => np.name.Contains("_c16.", StringComparison.Ordinal)))
            {
                if (name.EndsWith("weight", StringComparison.Ordinal)) p.copy_(eye(16).reshape(16, 16, 1, 1));
                else p.zero_();
            }
        }
        var batches = Enumerable.Range(0, 2).Select(_ => randn(8, 1, 16, 16).DetachFromDisposeScope()).ToList();
        return new Setup(space, strategy, evaluator, teacherArch, batches, randn(8, 1, 16, 16).DetachFromDisposeScope());
    }

    [Fact]
    public void Without_an_adapter_dna_refuses_a_space_whose_blocks_change_width_and_names_the_option()
    {
        var space = Space();
        Assert.Contains("output_adapter", Strategy("None").CheckCompatible(space));
        Assert.Null(Strategy("Conv1x1").CheckCompatible(space));
    }

    [Fact]
    public void Every_path_is_mapped_to_the_teachers_block_output()
    {
        using var s = Create();
        var teacher = (IStandaloneNetwork)s.Strategy.Modules.named_children().Single(c => c.name == "teacher").module;
        for (int b = 0; b < s.Space.Blocks.Count; b++)
        {
            using var scope = NewDisposeScope();
            var (guide, target) = TeacherSplit(teacher, b, s.Batches[0]);
            var paths = s.Space.CandidatePaths(b, s.Teacher.Prefix(b));
            Assert.Contains(paths, p => s.Strategy.Supernet.BlockOutput(b, s.Teacher.Prefix(b), p).Channels == 8);
            Assert.All(paths, p => Assert.Equal(target.shape, s.StudentPrediction(b, guide, p).shape));
        }
    }

    [Fact]
    public void A_stage_trains_its_own_blocks_adapters_and_only_the_sampled_widths_gets_a_gradient()
    {
        using var s = Create();
        var stage = s.Strategy.PlanStages(s.Space)[1];
        var names = s.Strategy.StartStage(stage, Architecture.Empty).Select(p => p.Name).ToList();
        Assert.Contains("adapters.convs.b1_c8.weight", names);
        Assert.Contains("adapters.convs.b1_c16.bias", names);
        Assert.DoesNotContain(names, n => n.StartsWith("adapters.convs.b0_", StringComparison.Ordinal) || n.StartsWith("adapters.convs.b2_", StringComparison.Ordinal));

        using var batch = new TrainBatch(randn(8, 1, 16, 16), zeros(8, dtype: ScalarType.Int64), []);
        s.Strategy.TrainStep(batch, new StepInfo(0, 1, 0, 0), 1.0, RunContext.ForTests());
        var withGrad = s.Strategy.Modules.named_parameters()
            .Where(np => np.name.StartsWith("adapters.", StringComparison.Ordinal) && np.parameter.grad is { } g && g.abs().sum().item<float>() > 0)
            .Select(np => np.name).ToList();
        Assert.Equal(2, withGrad.Count);
        Assert.All(withGrad, n => Assert.StartsWith("adapters.convs.b1_", n));
        Assert.Single(withGrad.Select(n => n.Split('.')[2]).Distinct());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void The_teachers_own_path_through_identity_adapters_scores_zero_and_every_other_path_more(int block)
    {
        using var s = Create();
        var prefix = s.Teacher.Prefix(block);
        var ratings = s.Evaluator.RateBlock(block, prefix, s.Space.CandidatePaths(block, prefix), s.Context());
        var own = ratings.Single(r => r.Path!.Equals(s.Teacher.Blocks[block]));
        Assert.InRange(own.Score, 0, block == 0 ? 1e-5 : 1e-2);
        Assert.All(ratings.Where(r => r != own), r => Assert.True(r.Score > own.Score + 1e-3, $"{r.Path}: {r.Score}"));
    }

    [Fact]
    public void An_architecture_scores_the_sum_of_its_paths_ratings_after_the_teachers_blocks()
    {
        using var s = Create();
        var rng = new SeededRandom(7);
        var archs = Enumerable.Range(0, 4).Select(_ => s.Space.SampleArchitecture(rng)).Append(s.Space.Smallest(Input)).ToList();
        var scores = s.Evaluator.RateArchitectures(archs, s.Context());
        for (int i = 0; i < archs.Count; i++)
        {
            double sum = Enumerable.Range(0, s.Space.Blocks.Count)
                .Sum(b => s.Evaluator.RateBlock(b, s.Teacher.Prefix(b), [archs[i].Blocks[b]], s.Context()).Single().Score);
            Assert.Equal(sum, scores[i].Score, 9);
        }
    }

    [Fact]
    public void A_teacher_narrower_than_the_adapters_target_is_refused()
    {
        var space = Space();
        var strategy = Strategy("Conv1x1");
        try
        {
            strategy.Build(space, Input, RunContext.ForTests());
            var smallest = space.Smallest(Input);
            using var teacher = space.CreateStandalone(smallest, Input);
            var e = Assert.Throws<ArgumentException>(() => ((ITeacherStudent)strategy).SetTeacher(teacher, smallest));
            Assert.Contains("largest architecture", e.Message);
        }
        finally
        {
            strategy.Modules.Dispose();
        }
    }

    private static (Tensor Guide, Tensor Target) TeacherSplit(IStandaloneNetwork teacher, int block, Tensor images) =>
        Dna.TeacherSplit.GuideAndTarget(teacher, block, images);
}
