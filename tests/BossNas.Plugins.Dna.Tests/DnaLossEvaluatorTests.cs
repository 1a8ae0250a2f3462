using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace BossNas.Plugins.Dna.Tests;

/// <summary>
/// The normalised distillation rating on a hand-made case: a teacher that is the supernet's own path A (weights
/// inherited) makes block paths of A score (about) 0 and every other path more; a rating over several batches is the mean of the
/// ratings over each batch alone (the BN correction uses the one calibration batch whatever the rating batches).
/// </summary>
[Collection("Torch")]
public sealed class DnaLossEvaluatorTests
{
    private static readonly InputShape Input = new(1, 16, 16, 4);

    private sealed record Setup(ISearchSpace Space, ISupervisionStrategy Strategy, IEvaluator Evaluator, Architecture Teacher, List<Tensor> Batches,
        Tensor Calibration) : IDisposable
    {
        public EvaluationContext Context(int first, int count) =>
            new(Space, Input, Strategy, new FixedRatingData(Batches.Skip(first).Take(count).ToList(), Calibration), RunContext.ForTests());

        public void Dispose()
        {
            Strategy.Modules.Dispose();
            foreach (var b in Batches) b.Dispose();
            Calibration.Dispose();
        }
    }

    private static Setup Create(int ratingBatches)
    {
        var space = Registry.Create<ISearchSpace>(ComponentKind.SearchSpace, "mbconv")!;
        var strategy = TestPlugins.Host.Create<ISupervisionStrategy>(ComponentKind.Supervision, DnaKit.Strategy,
            DnaKit.Options(ComponentKind.Supervision, DnaKit.Strategy));
        var evaluator = TestPlugins.Host.Create<IEvaluator>(ComponentKind.Evaluator, DnaKit.Evaluator,
            DnaKit.Options(ComponentKind.Evaluator, DnaKit.Evaluator, ("RatingBatches", ratingBatches)));
        manual_seed(11);
        strategy.Build(space, Input, RunContext.ForTests());
        var teacherArch = space.SampleArchitecture(new SeededRandom(5));
        var teacher = space.CreateStandalone(teacherArch, Input);
        space.InheritWeights(strategy.Supernet, teacher, teacherArch);
        ((ITeacherStudent)strategy).SetTeacher(teacher, teacherArch);
        var batches = Enumerable.Range(0, 3).Select(_ => randn(8, 1, 16, 16).DetachFromDisposeScope()).ToList();
        return new Setup(space, strategy, evaluator, teacherArch, batches, randn(8, 1, 16, 16).DetachFromDisposeScope());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void The_teachers_own_path_scores_zero_and_every_other_path_more(int block)
    {
        using var s = Create(3);
        var prefix = s.Teacher.Prefix(block);
        var paths = s.Space.CandidatePaths(block, prefix);
        var ratings = s.Evaluator.RateBlock(block, prefix, paths, s.Context(0, 3));
        Assert.Equal(paths, ratings.Select(r => r.Path));
        var own = ratings.Single(r => r.Path!.Equals(s.Teacher.Blocks[block]));
        // Block 0 sees the calibration images as the teacher does: the same statistics, the same outputs. A later block is
        // calibrated on the teacher's eval-mode guide, while the teacher's own correction ran its earlier blocks in train
        // mode (biased batch variance, as the public code's BN_Correction), so a small difference remains.
        Assert.InRange(own.Score, 0, block == 0 ? 1e-5 : 1e-2);
        Assert.All(ratings.Where(r => r != own), r => Assert.True(r.Score > own.Score + 1e-3, $"{r.Path}: {r.Score}"));
        Assert.True(s.Evaluator.LowerIsBetter);
    }

    [Fact]
    public void A_rating_over_several_batches_is_the_mean_of_the_per_batch_ratings()
    {
        using var s = Create(3);
        const int block = 1;
        var prefix = s.Teacher.Prefix(block);
        var paths = s.Space.CandidatePaths(block, prefix);
        var all = s.Evaluator.RateBlock(block, prefix, paths, s.Context(0, 3)).Select(r => r.Score).ToList();
        var each = Enumerable.Range(0, 3).Select(i => s.Evaluator.RateBlock(block, prefix, paths, s.Context(i, 1)).Select(r => r.Score).ToList()).ToList();
        for (int p = 0; p < paths.Count; p++)
            Assert.Equal(each.Average(e => e[p]), all[p], 6);
    }

    [Fact]
    public void Rating_leaves_the_teachers_statistics_and_modes_as_they_were()
    {
        using var s = Create(1);
        var teacher = (nn.Module)((IStandaloneNetwork)s.Strategy.Modules.named_children().Single(c => c.name == "teacher").module);
        var before = teacher.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        teacher.train();
        s.Evaluator.RateBlock(1, s.Teacher.Prefix(1), s.Space.CandidatePaths(1, s.Teacher.Prefix(1)), s.Context(0, 1));
        Assert.True(teacher.training);
        foreach (var (name, t) in teacher.state_dict()) Assert.True(t.to(ScalarType.Float64).allclose(before[name].to(ScalarType.Float64), rtol: 0, atol: 0), name);
    }
}
