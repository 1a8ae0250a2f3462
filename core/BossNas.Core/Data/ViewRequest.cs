using static TorchSharp.torch;

namespace BossNas.Core.Data;

/// <summary>What a training stage asks the data pipeline for in every batch.</summary>
/// <param name="Pairs">Number of two-view pairs per image (0 for plain supervised batches).</param>
/// <param name="Pipeline">
/// The name of the view pipeline that makes the pairs: a registered <see cref="IViewPipeline"/> such as
/// <see cref="ViewPipelineNames.Byol"/> or one a plugin adds.
/// </param>
public sealed record ViewRequest(int Pairs, string Pipeline)
{
    /// <summary>Plain supervised batches.</summary>
    public static ViewRequest Supervised { get; } = new(0, ViewPipelineNames.Supervised);
}
