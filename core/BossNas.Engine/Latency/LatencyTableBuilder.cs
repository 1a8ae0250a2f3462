using System.Diagnostics;
using BossNas.Core.Architectures;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Engine.Correlation;

namespace BossNas.Engine.Latency;

/// <summary>
/// Builds a space's <see cref="LatencyTable"/> at one input shape: every layer of <see cref="ISearchSpace.AllLayers"/>
/// timed once by a <see cref="LayerTiming"/> (a <see cref="ForwardTimer"/> on a real machine, a synthetic cost model in
/// tests), then the fixed overhead fitted on a few whole networks timed the same way: the median of measured minus summed.
/// </summary>
public static class LatencyTableBuilder
{
    /// <summary>Why <paramref name="space"/> cannot have a latency table, or null.</summary>
    public static string? Problem(ISearchSpace space, InputShape input) =>
        space.AllLayers(input) is null ? $"search space {space.GetType().Name} does not list its layers (ISearchSpace.Layers, AllLayers)" : null;

    /// <summary>The table of <paramref name="space"/> at <paramref name="input"/>, timed by <paramref name="timing"/>.</summary>
    /// <param name="space">The space.</param>
    /// <param name="input">The input shape.</param>
    /// <param name="timing">Times one module.</param>
    /// <param name="calibration">Whole architectures measured to fit the overhead: the smallest, the largest, then seeded random ones.</param>
    /// <param name="rounds">
    /// Passes over all layers; a layer's entry is its pass with the median median. A burst of load from another process
    /// then spoils one pass of a few layers, not the table.
    /// </param>
    /// <param name="progress">Told (layers timed, layers in all) as the table fills; may be null.</param>
    /// <exception cref="NotSupportedException">The space does not list its layers.</exception>
    public static LatencyTable Build(ISearchSpace space, InputShape input, LayerTiming timing, int calibration, int rounds = 1,
        Action<int, int>? progress = null)
    {
        var all = space.AllLayers(input) ?? throw new NotSupportedException(Problem(space, input));
        var started = Stopwatch.GetTimestamp();
        var table = new LatencyTable();
        var distinct = NetworkLayer.Distinct(all);
        var passes = distinct.ToDictionary(l => l.TableKey, _ => new List<LatencySample>(), StringComparer.Ordinal);
        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < distinct.Count; i++)
            {
                using var module = LatencyTable.CreateSeeded(distinct[i]);
                passes[distinct[i].TableKey].Add(timing(module, distinct[i].Input));
                progress?.Invoke(round * distinct.Count + i + 1, rounds * distinct.Count);
            }
        }
        foreach (var (key, samples) in passes) table.Entries[key] = samples.OrderBy(p => p.MedianMs).ElementAt(samples.Count / 2);
        Calibrate(table, space, input, timing, CalibrationArchitectures(space, input, calibration));
        table.BuildSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        table.BuiltNow = true;
        return table;
    }

    /// <summary>
    /// Fits the table's overhead on <paramref name="architectures"/>: the median over them of the whole network's
    /// timing minus the sum of its layers (layers the table lacks are timed first).
    /// </summary>
    public static void Calibrate(LatencyTable table, ISearchSpace space, InputShape input, LayerTiming timing, IReadOnlyList<Architecture> architectures)
    {
        var gaps = new List<double>();
        foreach (var a in architectures)
        {
            var layers = space.Layers(a, input) ?? throw new NotSupportedException(Problem(space, input));
            table.Add(layers, timing);
            gaps.Add(NetworkLatency.TorchSharp(space, a, input, timing).MedianMs - table.Sum(layers));
        }
        gaps.Sort();
        table.OverheadMs = gaps.Count == 0 ? 0 : SampleStats.Quantile(gaps, 0.5);
        table.CalibrationArchitectures = gaps.Count;
    }

    /// <summary>The smallest, the largest, then random architectures drawn with a fixed seed: <paramref name="count"/> distinct ones at most.</summary>
    public static IReadOnlyList<Architecture> CalibrationArchitectures(ISearchSpace space, InputShape input, int count)
    {
        var chosen = new List<Architecture>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Take(Architecture a)
        {
            if (chosen.Count < count && seen.Add(a.ToString())) chosen.Add(a);
        }
        Take(space.Smallest(input));
        Take(space.Largest(input));
        var rng = new SeededRandom((ulong)ForwardTimer.Seed);
        for (int attempt = 0; attempt < 100 * count && chosen.Count < count; attempt++) Take(space.SampleArchitecture(rng));
        return chosen;
    }
}
