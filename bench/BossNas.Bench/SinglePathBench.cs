using System.Diagnostics;
using System.Globalization;
using BossNas.Core.Architectures;
using BossNas.Core.Data;
using BossNas.Core.Evaluation;
using BossNas.Core.Context;
using BossNas.Core.Supervision;
using BossNas.Engine;
using BossNas.Engine.Config;
using BossNas.Engine.Data;
using BossNas.Engine.Plugins;
using BossNas.Engine.Training.Optimizers;
using static TorchSharp.torch;

namespace BossNas.Bench;

/// <summary>
/// The BN-NAS claim, measured on this machine (paper: supernet training more than 10× faster, candidate evaluation more
/// than 600,000× faster): the shipped SPOS and BN-NAS configs bind the same space and data; each strategy trains
/// supernet steps on the same batch (the engine's SGD, one dispose scope per step), and one candidate is rated with
/// <c>accuracy</c> (BN recalibration on <c>[data] calibration_batches</c> batches plus <c>rating_images</c> validation
/// images, as the SPOS config rates) and with <c>bn_indicator</c>. Prints seconds per step, the per-step ratio, the
/// ratio over each config's epochs (BN-NAS trains fewer), and the rating ratio.
/// </summary>
internal static class SinglePathBench
{
    private sealed class Batches(int calibration, int validation, int batch, InputShape input) : IRatingData, IDisposable
    {
        public IReadOnlyList<ViewPair> ViewBatches => Array.Empty<ViewPair>();

        public IReadOnlyList<(Tensor Images, Tensor Labels)> LabelledBatches { get; } = Enumerable.Range(0, Math.Max(1, validation / batch))
            .Select(_ => (randn(batch, input.Channels, input.Height, input.Width), randint(0, input.Classes, batch, dtype: int64))).ToList();

        public IReadOnlyList<Tensor> CalibrationBatches { get; } = Enumerable.Range(0, calibration)
            .Select(_ => randn(batch, input.Channels, input.Height, input.Width)).ToList();

        public void Dispose()
        {
            foreach (var (i, l) in LabelledBatches)
            {
                i.Dispose();
                l.Dispose();
            }
            foreach (var c in CalibrationBatches) c.Dispose();
        }
    }

    public static void Run(string plugins, string sposConfig, string bnnasConfig, int steps, int candidates)
    {
        using var host = PluginHost.Load(new[] { plugins });
        var spos = RunConfig.Load(sposConfig, Array.Empty<string>(), host);
        var bnnas = RunConfig.Load(bnnasConfig, Array.Empty<string>(), host);
        var input = DatasetShapes.Of(spos.Data);
        if (DatasetShapes.Of(bnnas.Data) != input) throw new ArgumentException("the two configs must use the same data");
        var sposSet = ComponentSet.Create(spos, host);
        var bnnasSet = ComponentSet.Create(bnnas, host);
        int batch = spos.Data.BatchSize;
        manual_seed(0);
        var images = randn(batch, input.Channels, input.Height, input.Width);
        var labels = randint(0, input.Classes, batch, dtype: int64);
        Console.WriteLine($"space {spos[Core.Components.ComponentKind.SearchSpace].Plugin}, input {input}, batch {batch}, {steps} timed steps each");

        double sposStep = StepSeconds(sposSet, spos, input, images, labels, steps);
        double bnnasStep = StepSeconds(bnnasSet, bnnas, input, images, labels, steps);
        double perEpoch = sposStep / bnnasStep;
        long sposSteps = Steps(spos), bnnasSteps = Steps(bnnas);
        double budget = sposStep * sposSteps / (bnnasStep * bnnasSteps);
        Console.WriteLine(Inv($"supernet step: spos {sposStep * 1000:F1} ms, bn_nas {bnnasStep * 1000:F1} ms"));
        Console.WriteLine(Inv($"supernet_training_ratio_per_step = {perEpoch:F2}"));
        Console.WriteLine(Inv($"supernet_training_ratio_budget = {budget:F2}  (spos {sposSteps} steps vs bn_nas {bnnasSteps})"));

        using var data = new Batches(spos.Data.CalibrationBatches, spos.Data.RatingImages, batch, input);
        double accuracy = RateSeconds(sposSet, input, data, candidates, 10);
        double indicator = RateSeconds(bnnasSet, input, data, candidates * 100, 11);
        Console.WriteLine(Inv($"rate one candidate: accuracy {accuracy * 1000:F2} ms ({spos.Data.CalibrationBatches} calibration batches + {data.LabelledBatches.Count} validation batches of {batch}), bn_indicator {indicator * 1e6:F2} us"));
        Console.WriteLine(Inv($"candidate_rating_ratio = {accuracy / indicator:F0}"));
    }

    /// <summary>Builds the set's strategy, trains 3 warm-up steps then <paramref name="steps"/> timed ones on one batch; seconds per step.</summary>
    internal static double StepSeconds(ComponentSet set, RunConfig config, InputShape input, Tensor images, Tensor labels, int steps)
    {
        manual_seed(1);
        var context = RunContext.ForTests(1);
        set.Strategy.Build(set.Space, input, context);
        var stage = set.Strategy.PlanStages(set.Space)[0];
        var parameters = set.Strategy.StartStage(stage, Architecture.Empty);
        using var sgd = new Sgd(parameters, config.Train.Momentum, false, config.Train.WeightDecay);
        void Step(int i)
        {
            using var scope = NewDisposeScope();
            sgd.ZeroGrad();
            using var batch = new TrainBatch(images.alias(), labels.alias(), Array.Empty<ViewPair>());
            set.Strategy.TrainStep(batch, new StepInfo(i, steps, 0, i), 1.0, context);
            sgd.Step(config.Train.Lr);
        }
        for (int i = 0; i < 3; i++) Step(i);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++) Step(i);
        return clock.Elapsed.TotalSeconds / steps;
    }

    private static double RateSeconds(ComponentSet set, InputShape input, IRatingData data, int candidates, ulong seed)
    {
        var rng = new SeededRandom(seed);
        var archs = Enumerable.Range(0, candidates + 1).Select(_ => set.Space.SampleArchitecture(rng)).ToList();
        var context = new EvaluationContext(set.Space, input, set.Strategy, data, RunContext.ForTests(2));
        set.Evaluator.RateArchitectures(archs.Take(1).ToList(), context);
        // One call for all candidates, as the evolutionary search rates a generation.
        var clock = Stopwatch.StartNew();
        set.Evaluator.RateArchitectures(archs.Skip(1).ToList(), context);
        return clock.Elapsed.TotalSeconds / candidates;
    }

    /// <summary>Optimiser steps of a config's supernet training: epochs × batches per epoch (capped by max_batches_per_epoch).</summary>
    private static long Steps(RunConfig config)
    {
        double images = (config.Data.TrainLimit > 0 ? config.Data.TrainLimit : 60000) * (1 - config.Data.ValFraction);
        if (config.Data.SearchImages > 0) images = Math.Min(images, config.Data.SearchImages);
        long batches = (long)Math.Ceiling(images / config.Data.BatchSize);
        if (config.Train.MaxBatchesPerEpoch > 0) batches = Math.Min(batches, config.Train.MaxBatchesPerEpoch);
        return config.Train.Epochs * batches;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
