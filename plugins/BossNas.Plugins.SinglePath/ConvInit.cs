using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.SinglePath;

/// <summary>
/// ABS/BN-NAS's supernet initialisation of convolutions: weight ~ N(0, sqrt(2 / (k_h·k_w·C_out))) (He, fan-out, not
/// divided by groups, as <c>n = k[0]·k[1]·out_channels</c> in the public code), bias 0. Draws from libtorch's generator,
/// which the host seeds per phase.
/// </summary>
public static class ConvInit
{
    /// <summary>Re-initialises every Conv2d below <paramref name="root"/>; returns how many.</summary>
    public static int HeFanOut(nn.Module root)
    {
        int count = 0;
        using var noGrad = no_grad();
        foreach (var conv in root.modules().OfType<Conv2d>())
        {
            var w = conv.weight!;
            double n = w.shape[2] * w.shape[3] * w.shape[0];
            w.normal_(0, Math.Sqrt(2.0 / n));
            conv.bias?.zero_();
            count++;
        }
        return count;
    }
}
