using BossNas.Core.Spaces;

namespace BossNas.Engine.Latency;

/// <summary>
/// A per-layer latency table of one space at one input shape on one machine: the timing of every distinct layer
/// (<see cref="NetworkLayer.TableKey"/>) and a fixed overhead; an architecture's predicted latency is the sum of its
/// layers' medians plus the overhead.
/// </summary>
public sealed class LatencyTable
{
    /// <summary>The timing of each layer by <see cref="NetworkLayer.TableKey"/>.</summary>
    public Dictionary<string, LatencySample> Entries { get; init; } = new(StringComparer.Ordinal);

    /// <summary>What whole networks take beyond their layers' sum (calls, allocation, the input's layout), in ms; 0 when not fitted.</summary>
    public double OverheadMs { get; set; }

    /// <summary>Whole networks measured to fit <see cref="OverheadMs"/>.</summary>
    public int CalibrationArchitectures { get; set; }

    /// <summary>What the table was built for and on: space, input, threads, batch, CPU, library.</summary>
    public Dictionary<string, string> Built { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Whether this process timed the table (rather than reading it from the cache).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool BuiltNow { get; set; }

    /// <summary>Seconds spent timing the table.</summary>
    public double BuildSeconds { get; set; }

    /// <summary>The layers of <paramref name="layers"/> the table has no timing of, each once.</summary>
    public IReadOnlyList<NetworkLayer> Missing(IEnumerable<NetworkLayer> layers) =>
        NetworkLayer.Distinct(layers.Where(l => !Entries.ContainsKey(l.TableKey)));

    /// <summary>Times the layers of <paramref name="layers"/> the table lacks with <paramref name="timing"/>; returns how many.</summary>
    public int Add(IEnumerable<NetworkLayer> layers, LayerTiming timing)
    {
        var missing = Missing(layers);
        foreach (var layer in missing)
        {
            using var module = CreateSeeded(layer);
            Entries[layer.TableKey] = timing(module, layer.Input);
        }
        return missing.Count;
    }

    /// <summary>The sum of <paramref name="layers"/>' medians, without the overhead.</summary>
    /// <exception cref="KeyNotFoundException">A layer is not in the table.</exception>
    public double Sum(IEnumerable<NetworkLayer> layers) =>
        layers.Sum(l => Entries.TryGetValue(l.TableKey, out var s) ? s.MedianMs
            : throw new KeyNotFoundException($"the latency table has no layer '{l.TableKey}'"));

    /// <summary>The predicted latency of a network of <paramref name="layers"/>: their sum plus the overhead, in ms.</summary>
    /// <exception cref="KeyNotFoundException">A layer is not in the table.</exception>
    public double Predict(IEnumerable<NetworkLayer> layers) => Sum(layers) + OverheadMs;

    /// <summary>The layer built with the timing seed (the caller's generator untouched).</summary>
    internal static TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> CreateSeeded(NetworkLayer layer)
    {
        using var seeded = new TorchState(TorchSharp.torch.get_num_threads(), ForwardTimer.Seed);
        return layer.Create();
    }
}
