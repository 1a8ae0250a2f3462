using BossNas.Core.Components;

namespace BossNas.Engine.Latency;

/// <summary>How latency is measured: threads, batch, warm-up and timed runs (<c>[cost_metric.latency_ms]</c> and the predicted metric's table).</summary>
public class LatencyOptions : ISmokeProfile
{
    /// <summary>libtorch (and ONNX Runtime) intra-op threads while timing; pinned so figures compare across runs.</summary>
    [Help("libtorch and ONNX Runtime intra-op threads while timing (torch.set_num_threads), restored afterwards")]
    [Range(1, 1024)]
    public int Threads { get; set; } = 1;

    /// <summary>Images per timed forward pass.</summary>
    [Help("images per timed forward pass (1: the latency of one image)")]
    [Range(1, 4096)]
    public int Batch { get; set; } = 1;

    /// <summary>Untimed forward passes first (allocator, oneDNN kernel choice, caches).</summary>
    [Help("untimed forward passes before timing (allocator, oneDNN primitive creation, caches)")]
    [Range(0, 100000)]
    public int Warmup { get; set; } = 10;

    /// <summary>Timed forward passes; the median is the value, the interquartile range its spread.</summary>
    [Help("timed forward passes: the median is the value, the interquartile range its spread")]
    [Range(1, 100000)]
    public int Runs { get; set; } = 30;

    /// <summary>One warm-up pass and three timed ones.</summary>
    public virtual void UseSmokeProfile()
    {
        Warmup = 1;
        Runs = 3;
    }
}
