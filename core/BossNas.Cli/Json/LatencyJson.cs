namespace BossNas.Cli.Json;

/// <summary><c>bossnas latency --json</c>: the figures the text shows.</summary>
/// <param name="Space">The search space plugin.</param>
/// <param name="Input">The input shape, as the text writes it.</param>
/// <param name="Threads">Intra-op threads while timing.</param>
/// <param name="Batch">Images per forward pass.</param>
/// <param name="Runs">Timed runs per measurement.</param>
/// <param name="Table">The latency table predictions come from.</param>
/// <param name="Architectures">Each architecture's latencies.</param>
/// <param name="Accuracy">With <c>--accuracy</c>: the predictions against the measurements.</param>
internal sealed record LatencyJson(string Space, string Input, int Threads, int Batch, int Runs, LatencyJson.TableInfo Table,
    IReadOnlyList<LatencyJson.Timed> Architectures, LatencyJson.AccuracyInfo? Accuracy)
{
    /// <summary>The table.</summary>
    /// <param name="File">Its cache file (null when kept in memory only).</param>
    /// <param name="Layers">Layers timed.</param>
    /// <param name="OverheadMs">The fixed overhead added to every sum.</param>
    /// <param name="BuildSeconds">Seconds its timing took.</param>
    /// <param name="BuiltNow">Whether this command built it.</param>
    internal sealed record TableInfo(string? File, int Layers, double OverheadMs, double BuildSeconds, bool BuiltNow);

    /// <summary>One architecture.</summary>
    /// <param name="Architecture">Its encoding.</param>
    /// <param name="MAdds">Multiply-adds.</param>
    /// <param name="Params">Parameters.</param>
    /// <param name="TorchsharpMs">Measured median in TorchSharp.</param>
    /// <param name="TorchsharpIqrMs">Its interquartile range.</param>
    /// <param name="OnnxMs">Measured median in ONNX Runtime (absent when not measured).</param>
    /// <param name="OnnxIqrMs">Its interquartile range.</param>
    /// <param name="PredictedMs">The table's prediction.</param>
    internal sealed record Timed(string Architecture, [property: System.Text.Json.Serialization.JsonPropertyName("madds")] double MAdds, long Params,
        double TorchsharpMs, double TorchsharpIqrMs, double? OnnxMs, double? OnnxIqrMs, double PredictedMs);

    /// <summary>The table's accuracy.</summary>
    /// <param name="Architectures">Architectures compared.</param>
    /// <param name="MapePercent">Mean absolute percentage error, %.</param>
    /// <param name="KendallTau">Kendall τ-b of predicted against measured.</param>
    /// <param name="SpearmanRho">Spearman ρ.</param>
    internal sealed record AccuracyInfo(int Architectures, double MapePercent, double KendallTau, double SpearmanRho);
}
