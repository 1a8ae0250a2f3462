using System.Diagnostics;
using System.Globalization;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Context;
using BossNas.Core.Data;
using BossNas.Core.Supervision;
using BossNas.Engine;
using BossNas.Engine.Config;
using BossNas.Engine.Data;
using BossNas.Engine.Plugins;
using BossNas.Engine.Training.Optimizers;
using static TorchSharp.torch;

namespace BossNas.Bench;

/// <summary>
/// What weight sharing costs or saves per BigNAS step: one config's <c>bignas</c> supernet steps (the sandwich of the
/// config, the same batch each step, the engine's SGD, one dispose scope per step), optionally with the
/// <c>[search_space]</c> section of another config put in place of its own (so everything but the space is the same).
/// Prints one line: space, supernet parameters, ms per step, this process's peak RSS. Run once per space, each in a
/// process of its own, so the peak belongs to one supernet (bench/bignas.sh).
/// </summary>
internal static class BigNasSharingBench
{
    public static void Run(string plugins, string configPath, int threads, int steps, string? spaceFrom)
    {
        set_num_threads(threads);
        using var host = PluginHost.Load(new[] { plugins });
        var text = File.ReadAllText(configPath);
        if (spaceFrom is not null) text = WithSpaceOf(text, File.ReadAllText(spaceFrom));
        var config = RunConfig.Parse(text, configPath, host, Array.Empty<string>());
        var set = ComponentSet.Create(config, host);
        var input = DatasetShapes.Of(config.Data);
        int batch = config.Data.BatchSize;
        manual_seed(0);
        var images = randn(batch, input.Channels, input.Height, input.Width);
        var labels = randint(0, input.Classes, batch, dtype: int64);
        var context = RunContext.ForTests(1);
        set.Strategy.Build(set.Space, input, context);
        var parameters = set.Strategy.StartStage(set.Strategy.PlanStages(set.Space)[0], Architecture.Empty);
        long count = set.Strategy.Supernet.parameters().Sum(p => p.numel());
        using var sgd = new Sgd(parameters, config.Train.Momentum, config.Train.Nesterov, config.Train.WeightDecay);
        void Step(int i)
        {
            using var scope = NewDisposeScope();
            sgd.ZeroGrad();
            using var b = new TrainBatch(images.alias(), labels.alias(), Array.Empty<ViewPair>());
            set.Strategy.TrainStep(b, new StepInfo(i, steps, 0, i), 1.0, context);
            sgd.Step(config.Train.Lr);
        }
        for (int i = 0; i < 3; i++) Step(i);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++) Step(i);
        double ms = clock.Elapsed.TotalMilliseconds / steps;
        double peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1e6;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"space={config[ComponentKind.SearchSpace].Plugin} supernet_params={count} ms_per_step={ms:F1} peak_rss_mb={peak:F0} batch={batch} threads={threads} steps={steps}"));
    }

    /// <summary><paramref name="text"/> with its <c>[search_space]</c> section replaced by <paramref name="other"/>'s.</summary>
    private static string WithSpaceOf(string text, string other)
    {
        static (int Start, int End) Section(string t)
        {
            int start = t.IndexOf("\n[search_space]", StringComparison.Ordinal) + 1;
            if (start == 0) throw new ArgumentException("a config without a [search_space] section");
            int next = t.IndexOf("\n[", start, StringComparison.Ordinal);
            return (start, next < 0 ? t.Length : next + 1);
        }
        var (s, e) = Section(text);
        var (os, oe) = Section(other);
        return text[..s] + other[os..oe] + text[e..];
    }
}
