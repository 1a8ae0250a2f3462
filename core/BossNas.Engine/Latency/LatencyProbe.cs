using BossNas.Core.Architectures;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Engine.Correlation;

namespace BossNas.Engine.Latency;

/// <summary>One architecture's latencies: measured in TorchSharp and (where asked) ONNX Runtime, and predicted by the table.</summary>
/// <param name="Architecture">The architecture.</param>
/// <param name="Cost">Its analytic cost.</param>
/// <param name="TorchSharp">Measured in TorchSharp.</param>
/// <param name="Onnx">Measured in ONNX Runtime on its export; null when not measured.</param>
/// <param name="PredictedMs">The table's prediction.</param>
public sealed record ArchitectureLatency(Architecture Architecture, Cost Cost, LatencySample TorchSharp, LatencySample? Onnx, double PredictedMs);

/// <summary>How well the table predicts measured latency over sampled architectures.</summary>
/// <param name="Architectures">Architectures measured and predicted.</param>
/// <param name="MapePercent">Mean absolute percentage error of predicted against measured (TorchSharp), in %.</param>
/// <param name="KendallTau">Kendall τ-b between predicted and measured.</param>
/// <param name="SpearmanRho">Spearman ρ between predicted and measured.</param>
public sealed record LatencyAccuracy(int Architectures, double MapePercent, double KendallTau, double SpearmanRho)
{
    /// <summary>The accuracy of the predictions over <paramref name="latencies"/>.</summary>
    public static LatencyAccuracy Of(IReadOnlyList<ArchitectureLatency> latencies)
    {
        var measured = latencies.Select(l => l.TorchSharp.MedianMs).ToList();
        var predicted = latencies.Select(l => l.PredictedMs).ToList();
        double mape = 100 * latencies.Average(l => Math.Abs(l.PredictedMs - l.TorchSharp.MedianMs) / l.TorchSharp.MedianMs);
        return new(latencies.Count, mape, RankCorrelation.KendallTauB(predicted, measured), RankCorrelation.SpearmanRho(predicted, measured));
    }
}

/// <summary>What <c>bossnas latency</c> measures: architectures of a space timed whole and predicted from its table.</summary>
/// <param name="space">The space.</param>
/// <param name="input">The input shape.</param>
/// <param name="measured">The measured metric (its options: threads, batch, runs).</param>
/// <param name="predicted">The predicted metric (its table).</param>
public sealed class LatencyProbe(ISearchSpace space, InputShape input, MeasuredLatencyMetric measured, PredictedLatencyMetric predicted)
{
    /// <summary><paramref name="count"/> distinct architectures drawn with <paramref name="seed"/>.</summary>
    public IReadOnlyList<Architecture> Sample(int count, ulong seed)
    {
        var rng = new SeededRandom(seed);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var drawn = new List<Architecture>();
        for (int attempt = 0; attempt < 100 * count && drawn.Count < count; attempt++)
        {
            var a = space.SampleArchitecture(rng);
            if (seen.Add(a.ToString())) drawn.Add(a);
        }
        return drawn;
    }

    /// <summary>The latencies of <paramref name="architecture"/>; <paramref name="onnx"/> also times its ONNX export in ONNX Runtime.</summary>
    public ArchitectureLatency Measure(Architecture architecture, bool onnx, LatencyOptions onnxOptions) =>
        new(architecture, space.Cost(architecture, input), measured.Measure(space, architecture, input),
            onnx ? NetworkLatency.Onnx(space, architecture, input, onnxOptions) : null, predicted.Compute(space, architecture, input));
}
