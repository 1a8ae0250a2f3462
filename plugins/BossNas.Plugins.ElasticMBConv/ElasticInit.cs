using BossNas.Core.Nn.Elastic;
using BossNas.Plugins.ElasticMBConv.Dynamic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.ElasticMBConv;

/// <summary>
/// BigNAS/AttentiveNAS initialisation: He fan-out normal for every convolution (std √(2 / (k²·out))), BN γ = 1 and β = 0,
/// the classifier uniform ±1/√out with zero bias; then, with the option on, γ = 0 in the last BN of every residual layer
/// (every layer here has a shortcut), so each layer starts as its shortcut. Zeroing comes last, so He init cannot undo it.
/// </summary>
internal static class ElasticInit
{
    public static void Apply(nn.Module root, bool zeroLastGamma)
    {
        using var noGrad = no_grad();
        foreach (var m in root.modules().Prepend(root))
        {
            switch (m)
            {
                case SlimmableConv2d c: HeFanOut(c.Weight); break;
                case DynamicDepthwiseConv2d d: HeFanOut(d.Weight); break;
                case Conv2d conv:
                    HeFanOut(conv.weight!);
                    conv.bias?.zero_();
                    break;
                case BatchNorm2d bn:
                    bn.weight?.fill_(1);
                    bn.bias?.zero_();
                    break;
                case Linear linear:
                    double r = 1.0 / Math.Sqrt(linear.weight!.shape[0]);
                    linear.weight.uniform_(-r, r);
                    linear.bias?.zero_();
                    break;
            }
        }
        if (!zeroLastGamma) return;
        foreach (var m in root.modules().Prepend(root))
        {
            switch (m)
            {
                case ElasticLayer layer: layer.ProjectBn.Norm.weight!.zero_(); break;
                case Standalone.StaticLayer layer: layer.ProjectBn.weight!.zero_(); break;
            }
        }
    }

    private static void HeFanOut(Tensor w) => w.normal_(0, Math.Sqrt(2.0 / (w.shape[0] * w.shape[2] * w.shape[3])));
}
