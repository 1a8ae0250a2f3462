using TorchSharp;
using static TorchSharp.torch;

namespace BossNas.Core.Nn;

/// <summary>
/// Puts image batches in channels-last (NHWC) memory order on the CPU. oneDNN runs depthwise and grouped convolutions,
/// and most of all their backward passes, several times faster in NHWC than in NCHW; convolutions, BN, activations
/// and additions keep the order, so converting the images once makes the whole network run in it. Values and
/// shapes are unchanged (TorchSharp 0.107 has no <c>memory_format</c> argument, so this uses the permute round trip).
/// </summary>
public static class MemoryLayout
{
    /// <summary>The batch in channels-last memory order on the CPU (an alias elsewhere).</summary>
    public static Tensor ChannelsLast(Tensor images) =>
        images.device_type == DeviceType.CPU && images.dim() == 4
            ? images.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2)
            : images.alias();
}
