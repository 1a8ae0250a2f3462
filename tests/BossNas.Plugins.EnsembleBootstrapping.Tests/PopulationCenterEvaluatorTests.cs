using BossNas.Core.Architectures;
using BossNas.Core.Data;
using BossNas.Core.Evaluation;
using BossNas.Core.Nn;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.EnsembleBootstrapping.Tests;

/// <summary>Population-center rating on <see cref="TinySpace"/>.</summary>
[Collection("Torch")]
public sealed class PopulationCenterEvaluatorTests
{
    private static readonly InputShape Input = new(3, 8, 8, 10);

    /// <summary>A strategy built with a fixed seed and trained one step on block <paramref name="block"/>.</summary>
    private static (ISupervisionStrategy Strategy, TinySpace Space) Trained(int block, Architecture prefix, bool stemInBlock0 = false)
    {
        manual_seed(7);
        var strategy = BootstrappingKit.CreateStrategy(("Sampling", "Uniform"), ("PathsPerStep", 2));
        var space = new TinySpace(stemInBlock0: stemInBlock0);
        var run = RunContext.ForTests(seed: 5);
        strategy.PlanStages(space);
        strategy.Build(space, Input, run);
        var trainable = strategy.StartStage(new StageSpec(block, $"block{block}", block), prefix);
        using var sgd = optim.SGD(trainable.Select(p => p.Parameter), 0.1);
        using (var scope = NewDisposeScope())
        using (var batch = BootstrappingKit.Batch(6, 2))
            strategy.TrainStep(batch, new StepInfo(0, 4, 0, 0), 1, run);
        sgd.step();
        strategy.AfterOptimizerStep(new StepInfo(0, 4, 0, 0));
        return (strategy, space);
    }

    private static EvaluationContext Context(ISupervisionStrategy strategy, TinySpace space, IRatingData data) =>
        new(space, Input, strategy, data, RunContext.ForTests(seed: 11));

    [Fact]
    public void Rates_every_candidate_deterministically_and_leaves_the_networks_as_they_were()
    {
        var (strategy, space) = Trained(0, Architecture.Empty);
        var evaluator = BootstrappingKit.CreateEvaluator();
        Assert.True(evaluator.LowerIsBetter);
        Assert.Null(evaluator.CheckCompatible(space, strategy));
        manual_seed(99);
        var data = new TinyRatingData(viewBatches: 2, calibrationBatches: 1, batchSize: 6);
        var candidates = space.CandidatePaths(0, Architecture.Empty);
        var before = BootstrappingKit.Snapshot(strategy.Modules);

        var first = evaluator.RateBlock(0, Architecture.Empty, candidates, Context(strategy, space, data));

        Assert.Equal(candidates, first.Select(r => r.Path));
        Assert.All(first, r =>
        {
            Assert.Equal(0, r.Block);
            Assert.True(double.IsFinite(r.Score));
            Assert.InRange(r.Score, -4.0, 4.0);
        });
        Assert.True(first.Select(r => r.Score).Distinct().Count() > 1, "candidates should score differently");
        // BN statistics (and every other tensor) and the train mode are restored for training to continue.
        var after = BootstrappingKit.Snapshot(strategy.Modules);
        Assert.All(before, kv => Assert.True(kv.Value.Equals(after[kv.Key]), kv.Key));
        Assert.All(strategy.Modules.modules(), m => Assert.True(m.training));

        var again = evaluator.RateBlock(0, Architecture.Empty, candidates, Context(strategy, space, data));
        Assert.Equal(first.Select(r => r.Score), again.Select(r => r.Score));

        var (rebuilt, _) = Trained(0, Architecture.Empty);
        var fresh = evaluator.RateBlock(0, Architecture.Empty, candidates, Context(rebuilt, space, data));
        Assert.Equal(first.Select(r => r.Score), fresh.Select(r => r.Score));
    }

    public static TheoryData<bool, string, string, int, string> Modes() => new()
    {
        // stem in block 0?, predictor BN, online input, calibration view, BN average
        { false, "reset", "target_prefix", 2, "last_batch" },      // the public code's rating (the defaults)
        { false, "calibrated", "online_prefix", 1, "cumulative" }, // the alternatives, all at once
        { true, "reset", "target_prefix", 2, "last_batch" },
        { true, "calibrated", "online_prefix", 1, "cumulative" },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public void Scores_equal_a_plain_recalibrate_everything_per_candidate_and_batch_computation(bool stemInBlock0, string predictorBn,
        string onlineInput, int calibrationView, string bnAverage)
    {
        foreach (int block in new[] { 0, 1 })
        {
            // Block 1 after "01": block 0 ends with 16 channels, so block 1 enters through b1_in16.
            var prefix = block == 0 ? Architecture.Empty : Architecture.Parse("01");
            var (strategy, space) = Trained(block, prefix, stemInBlock0);
            manual_seed(3);
            var data = new TinyRatingData(viewBatches: 2, calibrationBatches: 2, batchSize: 5);
            var candidates = space.CandidatePaths(block, prefix);
            var settings = new (string, object)[]
            {
                ("CalibrationBatches", 2), ("PredictorBn", predictorBn), ("OnlineInput", onlineInput),
                ("CalibrationView", calibrationView), ("BnAverage", bnAverage),
            };
            // Prefix features kept across candidates, and recomputed per candidate: the same scores.
            var cached = BootstrappingKit.CreateEvaluator(settings)
                .RateBlock(block, prefix, candidates, Context(strategy, space, data)).Select(r => r.Score).ToList();
            var recomputed = BootstrappingKit.CreateEvaluator(settings.Append(("PrefixCacheMb", 0)).ToArray())
                .RateBlock(block, prefix, candidates, Context(strategy, space, data)).Select(r => r.Score).ToList();

            var expected = Reference(strategy, block, prefix, candidates, data, predictorBn == "calibrated",
                onlineInput == "target_prefix", calibrationView == 2 ? data.CalibrationSecondViews : data.CalibrationBatches,
                bnAverage == "last_batch");
            for (int c = 0; c < candidates.Count; c++)
            {
                Assert.Equal(expected[c], cached[c], 5);
                Assert.Equal(expected[c], recomputed[c], 5);
            }
        }
    }

    [Fact]
    public void Only_rates_what_ensemble_bootstrapping_trained()
    {
        var evaluator = BootstrappingKit.CreateEvaluator();
        Assert.Contains("ensemble_bootstrapping", evaluator.CheckCompatible(new TinySpace(strictFair: true), new OtherStrategy()));
    }

    /// <summary>
    /// The rating written plainly, in BossNAS's order: per batch and candidate, reset every BatchNorm and recalibrate it
    /// by a whole forward (stem and prefix, block, projectors; the predictor too only when it is calibrated), then
    /// project; centers are raw means.
    /// </summary>
    private static double[] Reference(ISupervisionStrategy strategy, int block, Architecture prefix, IReadOnlyList<BlockPath> candidates,
        IRatingData data, bool calibratePredictor, bool onlineFromTarget, IReadOnlyList<Tensor> calibration, bool lastBatch)
    {
        var parts = (SiameseModules)strategy.Modules;
        Supernet online = parts.Online, target = parts.Target;
        nn.Module<Tensor, Tensor> onlineNeck = parts.OnlineNeck(block), targetNeck = parts.TargetNeck(block),
            predictor = parts.Predictor(block);
        var all = strategy.Modules;
        var norms = BatchNormCalibration.Find(all);
        var scores = new double[candidates.Count];
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        all.eval();
        Tensor Target(Tensor x, BlockPath p) =>
            targetNeck.call(target.ForwardBlock(block, target.ForwardFeatures(x, prefix, block), prefix, p));
        Tensor Projection(Tensor x, BlockPath p) =>
            onlineNeck.call(online.ForwardBlock(block, (onlineFromTarget ? target : online).ForwardFeatures(x, prefix, block), prefix, p));
        foreach (var pair in data.ViewBatches)
        {
            var outputs = new List<(Tensor T1, Tensor T2, Tensor P1, Tensor P2)>();
            foreach (var path in candidates)
            {
                BatchNormCalibration.Recalibrate(norms, calibration, x =>
                {
                    Target(x, path);
                    var z = Projection(x, path);
                    if (calibratePredictor) predictor.call(z);
                }, lastBatch, all);
                outputs.Add((Target(pair.View1, path), Target(pair.View2, path), predictor.call(Projection(pair.View1, path)),
                    predictor.call(Projection(pair.View2, path))));
            }
            var c1 = stack(outputs.Select(o => o.T1).ToArray()).mean(new long[] { 0 });
            var c2 = stack(outputs.Select(o => o.T2).ToArray()).mean(new long[] { 0 });
            for (int c = 0; c < candidates.Count; c++)
                scores[c] += MinusTwoCos(outputs[c].P1, c2) + MinusTwoCos(outputs[c].P2, c1);
        }
        return scores.Select(s => s / data.ViewBatches.Count).ToArray();
    }

    private static double MinusTwoCos(Tensor a, Tensor b)
    {
        var a64 = a.to(ScalarType.Float64);
        var b64 = b.to(ScalarType.Float64);
        var cos = (a64 * b64).sum(1) / (a64.norm(1) * b64.norm(1));
        return -2 * cos.mean().item<double>();
    }

    private sealed class OtherStrategy : ISupervisionStrategy
    {
        public nn.Module Modules => throw new NotSupportedException();
        public Supernet Supernet => throw new NotSupportedException();
        public string? CheckCompatible(ISearchSpace space) => null;
        public IReadOnlyList<StageSpec> PlanStages(ISearchSpace space) => throw new NotSupportedException();
        public void Build(ISearchSpace space, InputShape input, RunContext context) => throw new NotSupportedException();
        public ViewRequest Views(StageSpec stage) => throw new NotSupportedException();
        public IReadOnlyList<(string Name, Parameter Parameter)> StartStage(StageSpec stage, Architecture fixedPrefix) =>
            throw new NotSupportedException();
        public double TrainStep(TrainBatch batch, StepInfo step, double lossScale, RunContext context) =>
            throw new NotSupportedException();
        public void AfterOptimizerStep(StepInfo step) => throw new NotSupportedException();
    }
}
