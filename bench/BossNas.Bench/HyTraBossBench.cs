using System.Diagnostics;
using System.Globalization;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Data;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Engine.Config;
using BossNas.Engine.Data;
using BossNas.Engine.Export;
using BossNas.Engine.Plugins;
using BossNas.Engine.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace BossNas.Bench;

/// <summary>
/// The main job's own supernet step (configs/hytra_boss.toml: ensemble bootstrapping on HyTra, stage 0 = block 0)
/// against its PyTorch twin (bench/pytorch_hytra_boss.py). Space, strategy and LARS come from that config through the
/// plugin host, so the step is the one the main job runs; the space is wrapped in a <see cref="RecordingSpace"/> so the
/// paths the strategy samples in each step are known. Writes to <c>out</c>: the resolved config, the strategy modules'
/// initial state, the view pairs, and after the run every step's paths and loss (TrainStep's value, taken before that
/// step's optimiser update); then prints the trained parameter count, the first loss and images per second of the
/// timed steps (zero grad, TrainStep, LARS, EMA), all on one fixed random batch.
/// </summary>
internal static class HyTraBossBench
{
    public static void Run(string pluginRoot, string configPath, int threads, int warmup, int steps, string outDir)
    {
        torch.set_num_threads(threads);
        using var host = PluginHost.Load([pluginRoot]);
        var config = RunConfig.Load(configPath, [], host);
        var spaceSection = config[ComponentKind.SearchSpace];
        var strategySection = config[ComponentKind.Supervision];
        var space = new RecordingSpace(
            host.Create<ISearchSpace>(ComponentKind.SearchSpace, spaceSection.Plugin, spaceSection.Options));
        var strategy = host.Create<ISupervisionStrategy>(
            ComponentKind.Supervision, strategySection.Plugin, strategySection.Options);
        var input = DatasetShapes.Of(config.Data);
        int batchSize = config.Data.BatchSize;
        var context = RunContext.ForTests(config.Run.Seed);
        var stage = strategy.PlanStages(space)[0];
        manual_seed(0);
        strategy.Build(space, input, context);
        var parameters = strategy.StartStage(stage, Architecture.Empty);
        long trained = parameters.Sum(p => p.Parameter.numel());

        // Random views stand in for the byol pipeline's: the step's arithmetic does not depend on the pixels.
        var pairs = Enumerable.Range(0, strategy.Views(stage).Pairs)
            .Select(_ => new ViewPair(randn(batchSize, input.Channels, input.Height, input.Width),
                randn(batchSize, input.Channels, input.Height, input.Width)))
            .ToList();
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "config.toml"), config.ToResolvedToml());
        SafeTensors.Write(Path.Combine(outDir, "weights.safetensors"), strategy.Modules.state_dict());
        SafeTensors.Write(Path.Combine(outDir, "batch.safetensors"),
            pairs.SelectMany((p, k) => new KeyValuePair<string, Tensor>[] { new($"view1_{k}", p.View1), new($"view2_{k}", p.View2) }));

        // As the trainer: a fresh optimiser for the stage from [train], then per step TrainStep, step, zero, EMA. The
        // LR is [train] lr throughout (the schedule only scales it).
        using var optimizer = OptimizerFactory.Create(config.Train, parameters);
        int total = 1 + warmup + steps;
        var losses = new List<double>();
        void Step(int i)
        {
            using var scope = NewDisposeScope();
            var info = new StepInfo(i, total, 0, i);
            using var batch = new TrainBatch(empty(0), empty(0, dtype: int64),
                pairs.Select(p => new ViewPair(p.View1.alias(), p.View2.alias())).ToList());
            losses.Add(strategy.TrainStep(batch, info, 1.0, context));
            optimizer.Step(config.Train.Lr);
            optimizer.ZeroGrad();
            strategy.AfterOptimizerStep(info);
        }
        for (int i = 0; i < 1 + warmup; i++) Step(i);
        var clock = Stopwatch.StartNew();
        for (int i = 1 + warmup; i < total; i++) Step(i);
        double seconds = clock.Elapsed.TotalSeconds;
        if (space.Draws.Count != total)
            throw new InvalidOperationException(
                $"the strategy sampled paths {space.Draws.Count} times in {total} steps; the twin needs one draw per step");

        var paths = tensor(space.Draws.SelectMany(d => d.SelectMany(p => p.Ops)).Select(o => (long)o).ToArray(),
            [space.Draws.Count, space.Draws[0].Count, space.Draws[0][0].Length]);
        SafeTensors.Write(Path.Combine(outDir, "steps.safetensors"),
            [new("paths", paths), new("losses", tensor(losses.ToArray()))]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"params={trained} loss={losses[0]:F6} images_per_s={batchSize * steps / seconds:F2}"));
    }
}
