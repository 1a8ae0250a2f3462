using System.Diagnostics;
using System.Globalization;
using BossNas.Core.Components;
using BossNas.Engine;
using BossNas.Engine.Config;
using BossNas.Engine.Data;
using BossNas.Engine.Plugins;
using static TorchSharp.torch;

namespace BossNas.Bench;

/// <summary>
/// What weight sharing costs or saves per BigNAS step: one config's <c>bignas</c> supernet steps (the sandwich of the
/// config, timed as <see cref="SinglePathBench"/> times its steps), optionally with the
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
        double ms = SinglePathBench.StepSeconds(set, config, input, images, labels, steps) * 1000;
        long count = set.Strategy.Supernet.parameters().Sum(p => p.numel());
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
